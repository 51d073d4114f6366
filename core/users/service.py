"""People who sign in to a merchant's dashboard: email and password, role owner or staff."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import AuthenticationFailed, Conflict, InvalidInput, NotFound
from core.ids import new_id
from core.users import password_cost
from core.users.models import MerchantUser

ROLES = ("owner", "staff")
MIN_PASSWORD_LENGTH = 10


class UserNotFound(NotFound):
    code = "user_missing"


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"The password needs at least {MIN_PASSWORD_LENGTH} characters.", param="password"
        )


def create_user(
    session: Session, *, merchant_id: str, email: str, password: str, role: str, now: datetime
) -> MerchantUser:
    """A new dashboard user; the password is kept only as a salted werkzeug hash."""
    email = normalize_email(email)
    if "@" not in email or len(email) > 320:
        raise InvalidInput("Give a valid email address.", param="email")
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}.", param="role")
    _check_password(password)
    if find_user(session, merchant_id=merchant_id, email=email) is not None:
        raise Conflict(f"{email} already has an account here.", code="user_exists", param="email")
    user = MerchantUser(
        id=new_id("usr"), merchant_id=merchant_id, email=email, role=role,
        password_hash=password_cost.hashed(password), session_version=1, created_at=now,
    )
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, *, merchant_id: str, email: str) -> MerchantUser | None:
    return session.scalars(
        select(MerchantUser).where(
            MerchantUser.merchant_id == merchant_id,
            MerchantUser.email == normalize_email(email),
        )
    ).one_or_none()


def get_user(session: Session, *, user_id: str) -> MerchantUser:
    user = session.get(MerchantUser, user_id)
    if user is None:
        raise UserNotFound(f"No such user: {user_id!r}")
    return user


def list_users(session: Session, *, merchant_id: str) -> list[MerchantUser]:
    return list(session.scalars(
        select(MerchantUser).where(MerchantUser.merchant_id == merchant_id)
        .order_by(MerchantUser.email)
    ))


def authenticate(session: Session, *, email: str, password: str) -> MerchantUser:
    """The user with this email and password. An email may belong to several merchants; the
    password picks which account (the first match, by creation). Callers count the attempt
    first (`core.users.sign_in_limits`)."""
    user_id = matching_user_id(password_hashes(session, email=email), password)
    if user_id is None:
        raise AuthenticationFailed("Wrong email or password.", code="invalid_login")
    return get_user(session, user_id=user_id)


def password_hashes(session: Session, *, email: str) -> list[tuple[str, str]]:
    """(user id, password hash) of every account under this email, oldest first: read before
    hashing, so the hash can wait for its slot without holding a database connection."""
    return [(user_id, password_hash) for user_id, password_hash in session.execute(
        select(MerchantUser.id, MerchantUser.password_hash)
        .where(MerchantUser.email == normalize_email(email)).order_by(MerchantUser.id))]


def matching_user_id(hashes: list[tuple[str, str]], password: str) -> str | None:
    """The first account whose hash matches. With none under the email, a dummy hash is
    checked: a wrong email costs as long as a wrong password and its answer tells nothing."""
    if not hashes:
        password_cost.matches_none(password or "")
    for user_id, password_hash in hashes:
        if password_cost.matches(password_hash, password or ""):
            return user_id
    return None


def change_password(
    session: Session, *, user: MerchantUser, current_password: str, new_password: str
) -> MerchantUser:
    if not password_cost.matches(user.password_hash, current_password or ""):
        raise AuthenticationFailed("The current password is wrong.", code="invalid_login",
                                   param="current_password")
    _check_password(new_password)
    user.password_hash = password_cost.hashed(new_password)
    user.session_version += 1
    session.flush()
    return user
