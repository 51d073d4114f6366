"""A contract import-linter cannot say by itself: a domain folder is entered through its service.

`lint-imports` loads it (pyproject.toml, `contract_types`). A domain folder is a package one level
under a container (`rewards/ledger`, `core/merchants` ...). A module of the containers outside the
folder may import the folder's `service` module and nothing else of it, so a folder's models and
helpers can change without its neighbours noticing. `ignore_imports` lists the known exceptions.
"""

from importlinter import Contract, ContractCheck, fields, output
from importlinter.application import contract_utils


class ServiceBoundaryContract(Contract):
    type_name = "service_boundary"

    containers = fields.ListField(subfield=fields.StringField())
    entry_modules = fields.ListField(subfield=fields.StringField())
    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)
    unmatched_ignore_imports_alerting = fields.EnumField(
        contract_utils.AlertLevel, default=contract_utils.AlertLevel.ERROR
    )

    def check(self, graph, verbose: bool) -> ContractCheck:
        removal = contract_utils.remove_ignored_imports_and_report(
            graph=graph,
            ignore_imports=self.ignore_imports,
            unmatched_alerting=self.unmatched_ignore_imports_alerting,
        )
        containers = set(self.containers)
        entries = set(self.entry_modules)

        def folder(module: str) -> str | None:
            parts = module.split(".")
            return ".".join(parts[:2]) if len(parts) > 2 and parts[0] in containers else None

        crossings = []
        for importer in sorted(graph.modules):
            if importer.split(".")[0] not in containers:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                target = folder(imported)
                if target and target != folder(importer) and imported.split(".")[2] not in entries:
                    crossings.append((importer, imported))
        return ContractCheck(
            kept=not crossings,
            warnings=list(removal.warnings),
            ignored_import_count=removal.ignored_import_count,
            metadata={"crossings": crossings},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported in check.metadata["crossings"]:
            output.print_error(f"{importer} -> {imported} (not through its service module)")
            output.new_line()
