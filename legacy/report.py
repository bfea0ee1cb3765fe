"""What an import did, per legacy table, and its summary in Spanish."""

from dataclasses import dataclass, field


@dataclass
class TableReport:
    table: str
    label: str
    read: int = 0
    imported: int = 0
    already: int = 0
    #: (legacy id, reason); a row can be repaired for several reasons
    repairs: list[tuple[int, str]] = field(default_factory=list)
    skips: list[tuple[int, str]] = field(default_factory=list)

    def repair(self, legacy_id: int, reason: str) -> None:
        self.repairs.append((legacy_id, reason))

    def skip(self, legacy_id: int, reason: str) -> None:
        self.skips.append((legacy_id, reason))

    @property
    def repaired(self) -> int:
        return len({legacy_id for legacy_id, _ in self.repairs})

    @property
    def skipped(self) -> int:
        return len(self.skips)


@dataclass
class ImportReport:
    source: str
    dry_run: bool = False
    tables: dict[str, TableReport] = field(default_factory=dict)
    #: the original's version the source is at ("patients 0011, exams 0029")
    version: str = ""
    #: what that version means for the import (tables and columns it lacked, renamed, kept)
    notices: list[str] = field(default_factory=list)
    #: What the people who run DataMed must do after the import, printed after the summary.
    notes: list[str] = field(default_factory=list)

    def table(self, table: str, label: str) -> TableReport:
        return self.tables.setdefault(table, TableReport(table, label))

    @property
    def imported(self) -> int:
        return sum(report.imported for report in self.tables.values())

    @property
    def already(self) -> int:
        return sum(report.already for report in self.tables.values())

    def lines(self) -> list[str]:
        lines = [f"Importación de DataMed anterior desde {self.source}"]
        if self.version:
            lines.append(f"DataMed anterior: {self.version}")
        if self.notices:
            lines += ["", "Versión de origen:", *(f"  - {notice}" for notice in self.notices)]
        lines.append("")
        lines.append(
            f"{'tabla':34} {'leídas':>7} {'importadas':>10} {'ya estaban':>10} {'reparadas':>9} {'omitidas':>8}"
        )
        for report in self.tables.values():
            lines.append(
                f"{report.label:34} {report.read:>7} {report.imported:>10} {report.already:>10} "
                f"{report.repaired:>9} {report.skipped:>8}"
            )
        for title, attribute in (("Reparaciones", "repairs"), ("Omitidas", "skips")):
            entries = [
                f"  - {report.label} id {legacy_id}: {reason}"
                for report in self.tables.values()
                for legacy_id, reason in getattr(report, attribute)
            ]
            if entries:
                lines += ["", f"{title}:", *entries]
        lines.append("")
        if self.imported == 0 and self.already:
            lines.append("Nada nuevo que importar: todas las filas ya estaban importadas; la base no cambió.")
        else:
            lines.append(f"Filas importadas: {self.imported}.")
        if self.notes:
            lines += ["", "Pendiente:", *[f"  - {note}" for note in self.notes]]
        if self.dry_run:
            lines.append(
                "Simulacro (--dry-run): se deshicieron todos los cambios; la base quedó como estaba."
            )
        return lines
