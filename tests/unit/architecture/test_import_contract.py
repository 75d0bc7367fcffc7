"""BizQ's import contract holds on its own source, and the checker catches each kind of
breach on a tiny package written for the purpose."""

from __future__ import annotations

from pathlib import Path

import bizq_app
from tests.architecture.contract import check

ROOT = Path(bizq_app.__file__).parent


def write(root: Path, files: dict[str, str]) -> Path:
    """A package named ``bizq_app`` under ``root`` made of ``files`` (path → source)."""
    package = root / "bizq_app"
    for name, source in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for folder in [path.parent, *path.parent.parents]:
            if folder == root:
                break
            (folder / "__init__.py").touch()
        path.write_text(source, encoding="utf-8")
    return package


def rules(package: Path) -> list[str]:
    return sorted(v.rule for v in check(package))


def test_bizq_keeps_its_import_contract() -> None:
    assert [str(v) for v in check(ROOT)] == []


def test_a_clean_package_passes(tmp_path: Path) -> None:
    package = write(
        tmp_path,
        {
            "core/errors.py": "class BizQError(Exception): ...\n",
            "accounts/stores.py": "from bizq_app.core.errors import BizQError\n",
            "sales/orders.py": "from bizq_app.accounts import stores\n",
            "api/orders.py": "from bizq_app.sales import orders\n",
        },
    )
    assert check(package) == []


def test_a_package_without_a_place_in_the_contract_is_refused(tmp_path: Path) -> None:
    package = write(
        tmp_path,
        {
            "support/tickets.py": "X = 1\n",  # a new domain nobody ranked
            "api/support.py": "from bizq_app.support import tickets\n",
        },
    )
    [violation] = check(package)
    assert (violation.module, violation.rule) == ("bizq_app.support", "unplaced")


def test_a_lower_domain_importing_a_higher_one_is_refused(tmp_path: Path) -> None:
    package = write(
        tmp_path,
        {
            "accounts/stores.py": "from bizq_app.sales import orders\n",
            "sales/orders.py": "X = 1\n",
        },
    )
    [violation] = check(package)
    assert (violation.module, violation.rule) == ("bizq_app.accounts.stores", "layers")


def test_core_importing_a_domain_and_a_domain_importing_an_adapter_are_refused(
    tmp_path: Path,
) -> None:
    package = write(
        tmp_path,
        {
            "core/money.py": "from bizq_app.sales.orders import X\n",
            "sales/orders.py": "from bizq_app.api import problems\nX = 1\n",
            "api/problems.py": "Y = 1\n",
        },
    )
    assert rules(package) == ["layers", "layers"]


def test_private_helpers_of_another_domain_are_refused(tmp_path: Path) -> None:
    package = write(
        tmp_path,
        {
            "accounts/stores.py": "def _slug(): ...\n",
            "sales/orders.py": "from bizq_app.accounts.stores import _slug\n",
        },
    )
    assert rules(package) == ["private"]


def test_another_domains_table_may_be_a_type_but_never_queried(tmp_path: Path) -> None:
    package = write(
        tmp_path,
        {
            "accounts/models.py": "class Store(SQLModel, table=True): ...\nclass Role: ...\n",
            "sales/typed.py": (
                "from bizq_app.accounts.models import Role, Store\n"
                "def label(store: Store) -> str:\n    return store.name + Role.OWNER\n"
            ),
        },
    )
    assert rules(package) == []  # Store only as a type; Role, a plain enum, is not a table
    (package / "sales" / "queried.py").write_text(
        "from bizq_app.accounts.models import Store\n"
        "def find(session, store_id) -> Store:\n    return session.get(Store, store_id)\n"
    )
    [violation] = check(package)
    assert (violation.module, violation.rule) == ("bizq_app.sales.queried", "table")


def test_adapters_do_not_import_each_other(tmp_path: Path) -> None:
    package = write(
        tmp_path,
        {"jobs/orders.py": "from bizq_app.api import orders\n", "api/orders.py": "X = 1\n"},
    )
    assert rules(package) == ["adapters"]


def test_an_import_cycle_is_refused_even_inside_one_domain_and_inside_a_function(
    tmp_path: Path,
) -> None:
    package = write(
        tmp_path,
        {
            "sales/orders.py": "from bizq_app.sales import checkout\n",
            "sales/checkout.py": "def later():\n    from bizq_app.sales import orders\n",
        },
    )
    [violation] = check(package)
    assert violation.rule == "cycle"
    assert "bizq_app.sales.checkout" in violation.detail
    assert "bizq_app.sales.orders" in violation.detail
