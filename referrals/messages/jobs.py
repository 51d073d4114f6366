"""Members' emails (referrals/messages/scheduled.py), every minute."""

from core.jobs import Environment, commit_each, scheduled
from core.unit_of_work import UnitOfWork
from referrals.messages import scheduled as member_messages
from referrals.messages.smtp import mailer_from_settings


@scheduled(name="referrals.send_member_messages", cron="* * * * *")
def send_member_messages(unit: UnitOfWork, environment: Environment) -> None:
    """Every minute, after the birthdays of the hour: each batch commits its claim before the
    SMTP server is called and records each answer in its own commit (scheduled.py)."""
    mailer = mailer_from_settings(environment.settings)
    commit_each(unit, lambda: member_messages.send_due_messages(
        unit, now=environment.clock(), mailer=mailer))
