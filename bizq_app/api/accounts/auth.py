"""``/api/auth``: sign up, log in, who am I."""

from __future__ import annotations

from fastapi import APIRouter, status

from bizq_app.accounts import accounts
from bizq_app.accounts.models import User
from bizq_app.api.deps import CurrentUser, SessionDep
from bizq_app.api.schemas import LoginIn, SignupIn, TokenOut, UserOut

router = APIRouter(prefix="/auth", tags=["auth"])


def _token_out(user: User) -> TokenOut:
    return TokenOut(
        access_token=accounts.access_token(user),
        user=UserOut.model_validate(user, from_attributes=True),
    )


@router.post("/signup", status_code=status.HTTP_201_CREATED)
def signup(body: SignupIn, session: SessionDep) -> TokenOut:
    """Create an account and return an access token for it."""
    user = accounts.sign_up(
        session=session, email=body.email, password=body.password, full_name=body.full_name
    )
    return _token_out(user)


@router.post("/login")
def login(body: LoginIn, session: SessionDep) -> TokenOut:
    """Exchange e-mail and password for an access token."""
    return _token_out(accounts.log_in(session=session, email=body.email, password=body.password))


@router.get("/me")
def me(user: CurrentUser) -> UserOut:
    """The account the token belongs to."""
    return UserOut.model_validate(user, from_attributes=True)
