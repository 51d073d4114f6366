"""api/jobs_registry.py names every module that declares jobs, so `goodword worker` runs them
all whichever services happened to be imported first."""

import importlib
import pkgutil

from api.jobs_registry import JOB_MODULES
from core import jobs

PACKAGES = ("api", "core", "referrals", "rewards")


def test_every_module_with_jobs_is_in_the_registry():
    for name in PACKAGES:
        package = importlib.import_module(name)
        for module in pkgutil.walk_packages(package.__path__, prefix=f"{name}."):
            importlib.import_module(module.name)
    declaring = {task.func.__module__ for task in jobs.app.tasks.values()}
    # procrastinate's own, and core.jobs' job taking up a stopped worker's jobs
    declaring -= {"procrastinate.builtin_tasks", "core.jobs"}

    assert declaring == {module.__name__ for module in JOB_MODULES}


def test_the_in_process_runner_runs_the_jobs_procrastinate_schedules():
    """One list of jobs for both runners; only the dispatch of deliveries to the queue is the
    queue's alone (the in-process runner delivers from its pool)."""
    schedules = {periodic.task.name: periodic.cron
                 for periodic in jobs.app.periodic_registry.periodic_tasks.values()}
    in_process = {job.name: job.cron for job in jobs.SCHEDULED.values()}

    assert schedules == in_process | {"core.events.dispatch_deliveries": "* * * * * */5",
                                      "core.retry_stalled_jobs": "*/5 * * * *"}
