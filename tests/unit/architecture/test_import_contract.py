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


def rules(package: Path, crossings: frozenset[tuple[str, str, str]] = frozenset()) -> list[str]:
    return sorted(v.rule for v in check(package, crossings))


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
    assert check(package, frozenset()) == []


def test_a_lower_domain_importing_a_higher_one_is_refused(tmp_path: Path) -> None:
    package = write(
        tmp_path,
        {
            "accounts/stores.py": "from bizq_app.sales import orders\n",
            "sales/orders.py": "X = 1\n",
        },
    )
    [violation] = check(package, frozenset())
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


def test_a_table_used_across_domains_must_be_listed_and_the_list_kept_current(
    tmp_path: Path,
) -> None:
    package = write(
        tmp_path,
        {
            "accounts/models.py": "class Store(SQLModel, table=True): ...\nclass Role: ...\n",
            "sales/orders.py": "from bizq_app.accounts.models import Role, Store\n",
        },
    )
    assert rules(package) == ["table"]  # Store is a table; Role, a plain enum, is not
    assert rules(package, frozenset({("sales", "accounts", "Store")})) == []
    stale = frozenset({("sales", "accounts", "Store"), ("sales", "accounts", "User")})
    assert rules(package, stale) == ["table"]


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
    [violation] = check(package, frozenset())
    assert violation.rule == "cycle"
    assert "bizq_app.sales.checkout" in violation.detail
    assert "bizq_app.sales.orders" in violation.detail
