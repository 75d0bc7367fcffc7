"""``/api/auth``: sign up, log in, log out (here or everywhere), change the password, reset
a forgotten one by e-mail, who am I."""

from __future__ import annotations

from fastapi import APIRouter, status
from sqlmodel import Session

from bizq_app.accounts import accounts, password_reset
from bizq_app.accounts.models import User
from bizq_app.api.deps import Client, CurrentUser, SessionDep, Token
from bizq_app.api.schemas import Body, LoginIn, PasswordIn, SignupIn, TokenOut, UserOut

router = APIRouter(prefix="/auth", tags=["auth"])


def _token_out(session: Session, user: User) -> TokenOut:
    return TokenOut(
        access_token=accounts.access_token(session, user),
        user=UserOut.model_validate(user, from_attributes=True),
    )


@router.post("/signup", status_code=status.HTTP_201_CREATED)
def signup(body: SignupIn, session: SessionDep, client: Client) -> TokenOut:
    """Create an account and return an access token for it."""
    user = accounts.sign_up(
        session=session,
        email=body.email,
        password=body.password,
        full_name=body.full_name,
        client=client,
    )
    return _token_out(session, user)


@router.post("/login")
def login(body: LoginIn, session: SessionDep, client: Client) -> TokenOut:
    """Exchange e-mail and password for an access token (429 after too many attempts)."""
    user = accounts.log_in(session=session, email=body.email, password=body.password, client=client)
    return _token_out(session, user)


@router.get("/me")
def me(user: CurrentUser) -> UserOut:
    """The account the token belongs to."""
    return UserOut.model_validate(user, from_attributes=True)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(session: SessionDep, token: Token) -> None:
    """End this token's login session: the token stops working at once."""
    accounts.log_out(session=session, token=token)


@router.post("/logout-everywhere")
def logout_everywhere(session: SessionDep, user: CurrentUser) -> dict[str, int]:
    """End every login session of the account, this one included."""
    return {"sessions_ended": accounts.log_out_everywhere(session=session, user_id=user.id)}


@router.post("/password", status_code=status.HTTP_204_NO_CONTENT)
def change_password(body: PasswordIn, session: SessionDep, token: Token) -> None:
    """Set a new password; every other login session ends (this token keeps working)."""
    accounts.change_password(
        session=session,
        token=token,
        current_password=body.current_password,
        new_password=body.new_password,
    )


class PasswordResetIn(Body):
    email: str


class PasswordResetConfirmIn(Body):
    token: str
    new_password: str


@router.post("/password-reset", status_code=status.HTTP_202_ACCEPTED)
def request_password_reset(
    body: PasswordResetIn, session: SessionDep, client: Client
) -> dict[str, str]:
    """E-mail a link to choose a new password. The answer is the same whether or not an
    account uses the address (429 after too many requests from one address or for one
    e-mail)."""
    password_reset.request_reset(session=session, email=body.email, client=client)
    return {"detail": password_reset.SENT}


@router.post("/password-reset/confirm", status_code=status.HTTP_204_NO_CONTENT)
def confirm_password_reset(body: PasswordResetConfirmIn, session: SessionDep) -> None:
    """Set a new password with the e-mailed link's token (once, within the hour); every
    login session of the account ends. A forged, expired or used token is a 422 on
    ``$.token``."""
    password_reset.reset_password(session=session, token=body.token, new_password=body.new_password)
