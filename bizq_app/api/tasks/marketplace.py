"""The task marketplace: browse definitions and publish custom ones."""

from __future__ import annotations

from fastapi import APIRouter, status

from bizq_app.api.deps import DEFAULT_PAGE, CurrentUser, Limit, Offset, SessionDep
from bizq_app.api.schemas import PageOut
from bizq_app.api.tasks.task_schemas import DefinitionIn, DefinitionOut
from bizq_app.tasks import task_definitions

router = APIRouter(tags=["marketplace"])


@router.get("/tasks/marketplace")
def marketplace(
    user: CurrentUser,
    session: SessionDep,
    category: str | None = None,
    search: str | None = None,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> PageOut[DefinitionOut]:
    """Task types with their schemas and price, by category and name."""
    page = task_definitions.list_definitions(
        session=session, category=category, search=search, limit=limit, offset=offset
    )
    return PageOut(
        items=[DefinitionOut.of(d) for d in page.items],
        total=page.total,
        limit=limit,
        offset=offset,
    )


@router.get("/task-definitions/{name}")
def get_definition(name: str, user: CurrentUser, session: SessionDep) -> DefinitionOut:
    return DefinitionOut.of(task_definitions.get_definition(session=session, name=name))


@router.post("/task-definitions", status_code=status.HTTP_201_CREATED)
def create_definition(body: DefinitionIn, user: CurrentUser, session: SessionDep) -> DefinitionOut:
    """Publish a custom task type; you earn its royalty each time anyone's run completes."""
    definition = task_definitions.create_definition(
        session=session, user_id=user.id, data=body.model_dump()
    )
    return DefinitionOut.of(definition)
