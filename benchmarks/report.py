"""Benchmark results as JSON (for machines) and Markdown (for docs/benchmarks.md)."""

import json
from pathlib import Path


def write(results: dict, output: str) -> list[Path]:
    base = Path(output)
    base.parent.mkdir(parents=True, exist_ok=True)
    json_path, md_path = base.with_suffix(".json"), base.with_suffix(".md")
    json_path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    md_path.write_text(markdown(results), encoding="utf-8")
    return [json_path, md_path]


def markdown(results: dict) -> str:
    meta = results["datos"]
    lines = [
        f"## {results['base']}: {meta['pacientes']:,} pacientes".replace(",", "."),
        "",
        f"Medido el {results['fecha']} en {results['máquina']}. Datos: {_counts(meta)}. "
        f"Generación: {meta['segundos_generación']} s. "
        f"{results['peticiones']} peticiones por página tras {results['calentamiento']} de calentamiento "
        "(cliente de pruebas de Django, sin red).",
        "",
        "| página | consultas | p50 ms | p95 ms |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {r['página']} | {r['consultas']} | {r['p50_ms']} | {r['p95_ms']} |" for r in results["páginas"]
    ]
    if results.get("crecimiento"):
        lines += ["", _growth_table(results["crecimiento"])]
    if results.get("carga"):
        lines += ["", _load_table(results["carga"])]
    if results.get("escrituras"):
        lines += ["", writes_table(results["escrituras"])]
    for plan in results.get("planes", []):
        lines += [
            "",
            f"### Plan: {plan['página']}",
            "",
            "```sql",
            plan["sql"],
            "```",
            "",
            "```",
            plan["plan"],
            "```",
        ]
    return "\n".join(lines) + "\n"


def _counts(meta: dict) -> str:
    rows = meta.get("filas", {})
    states = ", ".join(f"{state.lower()} {total}" for state, total in meta.get("estados", {}).items())
    return f"{rows.get('ingreso', '?')} ciclos ({states}), " + ", ".join(
        f"{name} {total}" for name, total in rows.items() if name not in ("patient", "ingreso")
    )


def _load_table(load: dict) -> str:
    lines = [
        f"Carga: gunicorn {load['workers']} workers, {load['concurrencia']} clientes concurrentes, "
        f"{load['segundos_por_página']} s por página, tras {load.get('segundos_de_calentamiento', 0)} s "
        "de calentamiento sin medir.",
        "",
        "| página | peticiones/s | p95 ms | errores | relación con la vista trivial (req/s) |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in load["páginas"]:
        lines.append(
            f"| {row['página']} | {row['rps']} | {row['p95_ms']} | {row['errores']} | {row['relación']} |"
        )
    return "\n".join(lines)


def _growth_table(growth: dict) -> str:
    small, large = (f"{growth[key]:,}".replace(",", ".") for key in ("pacientes_pequeña", "pacientes"))
    lines = [
        f"Crecimiento medido por turnos: {growth['rondas']} turnos por base y página, "
        f"{growth['peticiones_por_turno']} peticiones por turno; mediana de los p50 de los turnos.",
        "",
        f"| página | p50 ms con {small} pacientes | p50 ms con {large} | relación |",
        "|---|---:|---:|---:|",
    ]
    for row in growth["páginas"]:
        lines.append(f"| {row['página']} | {row['p50_pequeña_ms']} | {row['p50_ms']} | {row['relación']} |")
    return "\n".join(lines)


def writes_table(writes: dict) -> str:
    unloaded = writes["lecturas_sin_escrituras"]
    lines = [
        f"Escrituras concurrentes por la API: {writes['segundos']} s por fila; con lectores, "
        f"{writes['lectores']} clientes leen a la vez el tablero y las listas (p50 de esas lecturas sin "
        f"escrituras: {unloaded['p50_ms']} ms). Errores: toda respuesta distinta de 201.",
        "",
        "| escritura | clientes | lectores | escrituras/s | p50 ms | p95 ms | errores | filas = 201 "
        "| lecturas p50 ms (× sin escrituras) |",
        "|---|---:|---:|---:|---:|---:|---:|:-:|---:|",
    ]
    for row in writes["filas"]:
        reads = (
            f"{row['lecturas']['p50_ms']} (×{row['lecturas_relación_p50']})" if row.get("lecturas") else "—"
        )
        lines.append(
            f"| {row['escritura']} | {row['clientes']} | {row['lectores']} | {row['rps']} | {row['p50_ms']} "
            f"| {row['p95_ms']} | {row['errores']} | {'sí' if row['una_fila_por_201'] else 'NO'} | {reads} |"
        )
    if paced := writes.get("a_ritmo"):
        lines += ["", paced_writes_table(paced)]
    return "\n".join(lines)


def paced_writes_table(rows: list[dict]) -> str:
    """The saves sent at a pace (``writes.measure_at_rate``) and one person reading meanwhile:
    at random moments, then all in step."""
    first = rows[0]
    lines = [
        f"A ritmo: {first['clientes']} clientes guardan monitoreos a {first['ritmo_pedido']:g} por segundo "
        f"en total mientras una persona abre el tablero y las listas {first['lecturas_por_segundo']:g} "
        "veces por segundo; cada uno en momentos al azar (como personas que guardan cada una a su "
        "tiempo) y todos a la vez (el peor caso: cada lectura llega junto con un guardado de cada cliente).",
        "",
        "| llegadas | guardadas/s | p50 ms | p95 ms | errores | filas = 201 | lecturas p50 ms sin escrituras "
        "| lecturas p50 ms con escrituras | × |",
        "|---|---:|---:|---:|---:|:-:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['llegadas']} | {row['rps']} | {row['p50_ms']} | {row['p95_ms']} | {row['errores']} "
            f"| {'sí' if row['una_fila_por_201'] else 'NO'} | {row['lecturas_sin_escrituras']['p50_ms']} "
            f"| {row['lecturas']['p50_ms']} | {row['lecturas_relación_p50']} |"
        )
    return "\n".join(lines)
