"""Every module that declares jobs, imported in one place so the job queue knows them all.

`goodword worker` imports this module before it starts either runner (procrastinate's worker on
PostgreSQL, the in-process one on SQLite): a job is registered on core.jobs' App by importing
its domain's `jobs.py`. A new jobs module is added here (tests/unit/test_jobs_registry.py fails
until it is).
"""

from api.request import jobs as request_jobs
from core.events import jobs as events_jobs
from referrals.clicks import jobs as clicks_jobs
from referrals.journey import jobs as journey_jobs
from referrals.members import jobs as members_jobs
from referrals.signups import jobs as signups_jobs
from rewards.earning import jobs as earning_jobs
from rewards.program import jobs as program_jobs

# In this order the in-process runner takes them: money first.
JOB_MODULES = (
    earning_jobs,
    program_jobs,
    journey_jobs,
    signups_jobs,
    clicks_jobs,
    request_jobs,
    members_jobs,
    events_jobs,
)
