"""Concurrent writes on a real server: people saving at the same moment.

Two writes, each through the API with a token (the pages share their services): registering a
monitoring into an active cycle, and creating a patient (who gets a first cycle). Each is sent
back to back by 1, 2, 4 and 8 clients for ``seconds``, alone and then with ``READERS`` clients
reading the dashboard and the patient lists at the same time (signed in by session). Per run:
writes/s, p50, p95 and errors (any answer other than 201, or a connection error), and that the
database gained exactly one row per 201; with readers, the reads' p50 and p95 and their ratio to
the reads' p50 with no writer (measured first, in the same run).

The server is the one of ``benchmarks.load`` (the product's ``gunicorn.conf.py``, 2
workers); the generator runs on the same machine and takes CPU from it.
"""

import http.client
import itertools
import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import reverse

from benchmarks import pages
from exams.models import Monitoreo
from patients.models import Ingreso, Patient, today

CLIENTS = (1, 2, 4, 8)
READERS = 2
WARMUP_SECONDS = 1.0


@dataclass(frozen=True)
class Write:
    name: str
    path: str
    #: the JSON body of the ``number``-th request of client ``client``
    body: Callable[[int, int], dict]
    #: the written model: its rows are counted to check one row per 201
    model: type


def _monitoring(patients: list[int]) -> Write:
    from exams.tests.factories import record_data  # the same valid record the tests send

    record = record_data("monitoreo")
    return Write(
        "registrar monitoreo",
        reverse("api:record-monitoreo-list"),
        lambda client, number: {**record, "paciente": patients[(client * 7919 + number) % len(patients)]},
        Monitoreo,
    )


def _patient(run: str) -> Write:
    from patients.tests.factories import patient_form_data  # the same valid patient the tests send

    patient = {**patient_form_data(), "estrato": 3}
    serial = itertools.count()  # one document per request, across rounds (next() is atomic)
    return Write(
        "crear paciente",
        reverse("api:patient-list"),
        lambda client, number: {**patient, "documento": f"9{run}{next(serial):08d}"},
        Patient,
    )


def token_of(user) -> str:
    """The API token the writers send (created on first use)."""
    from rest_framework.authtoken.models import Token

    return Token.objects.get_or_create(user=user)[0].key


def writing_patients(limit: int = 64) -> list[int]:
    """Patients whose active cycle started before today: a monitoring dated today fits it."""
    cycles = Ingreso.objects.active().filter(fecha_inicio__lt=today()).order_by("-id")
    return list(cycles.values_list("paciente_id", flat=True)[:limit])


def read_paths() -> list[str]:
    """What the people who are not saving look at meanwhile."""
    return [reverse("dashboard:index"), reverse("patients:list"), reverse("api:patient-list")]


class Timings:
    def __init__(self):
        self.lock = threading.Lock()
        self.milliseconds: list[float] = []
        self.statuses: dict[int | str, int] = {}

    def add(self, milliseconds: float, status: int | str) -> None:
        with self.lock:
            self.milliseconds.append(milliseconds)
            self.statuses[status] = self.statuses.get(status, 0) + 1

    def figures(self, seconds: float, ok: int) -> dict:
        done = self.milliseconds
        return {
            "peticiones": len(done),
            "rps": round(len(done) / seconds, 1),
            "p50_ms": round(pages.percentile(done, 0.5), 1) if done else None,
            "p95_ms": round(pages.percentile(done, 0.95), 1) if done else None,
            "errores": sum(total for status, total in self.statuses.items() if status != ok),
            "respuestas": {str(status): total for status, total in sorted(self.statuses.items(), key=str)},
        }


def _client(
    port: int,
    deadline: float,
    request: Callable[[int], tuple[str, str, bytes | None]],
    headers: dict,
    timings: Timings,
    interval: float = 0.0,
    arrivals: random.Random | None = None,
) -> None:
    """Requests until ``deadline`` (at least one), on one keep-alive connection: back to back, or
    one every ``interval`` seconds on average (a request that is late starts at once; none is
    skipped). With ``arrivals`` the gaps are drawn from it, exponential with mean ``interval``:
    people who save independently of one another, not in step."""
    link = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    number = 0
    next_start = time.perf_counter() + (arrivals.expovariate(1 / interval) if arrivals and interval else 0.0)
    while True:
        if interval:
            time.sleep(max(0.0, next_start - time.perf_counter()))
            next_start += arrivals.expovariate(1 / interval) if arrivals else interval
        method, path, body = request(number)
        begin = time.perf_counter()
        try:
            link.request(method, path, body=body, headers=headers)
            response = link.getresponse()
            response.read()
            status: int | str = response.status
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
            link.close()
            link = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        timings.add((time.perf_counter() - begin) * 1000, status)
        number += 1
        if max(time.perf_counter(), next_start if interval else 0.0) >= deadline:
            break
    link.close()


def _round(
    port: int,
    seconds: float,
    write: Write | None,
    writers: int,
    readers: int,
    token: str,
    session_key: str,
    write_interval: float = 0.0,
    read_interval: float = 0.0,
    seed: int | None = None,
) -> tuple[Timings, Timings, float]:
    """``writers`` clients sending ``write`` and ``readers`` clients reading, for ``seconds``:
    back to back, or each client one request every ``write_interval`` / ``read_interval`` s,
    all in step, or (given a ``seed``) at random moments, each client on its own."""
    writes, reads = Timings(), Timings()
    deadline = time.perf_counter() + seconds
    write_headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    read_headers = {"Cookie": f"sessionid={session_key}"}
    paths = read_paths()
    threads = [
        threading.Thread(
            target=_client,
            args=(
                port,
                deadline,
                lambda number, k=k: ("POST", write.path, json.dumps(write.body(k, number)).encode()),
                write_headers,
                writes,
                write_interval,
                None if seed is None else random.Random(f"{seed}-escritor-{k}"),
            ),
        )
        for k in range(writers)
    ] + [
        threading.Thread(
            target=_client,
            args=(
                port,
                deadline,
                lambda n, k=k: ("GET", paths[(k + n) % len(paths)], None),
                read_headers,
                reads,
                read_interval,
                None if seed is None else random.Random(f"{seed}-lector-{k}"),
            ),
        )
        for k in range(readers)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return writes, reads, time.perf_counter() - started


def _rows(write: Write, using: str) -> int:
    try:
        return write.model.objects.using(using).count()
    finally:
        connections[using].close()  # no connection of ours stays open beside the server's


def measure(
    port: int,
    token: str,
    session_key: str,
    seconds: float,
    log=print,
    clients: tuple[int, ...] = CLIENTS,
    readers: int = READERS,
    using: str = DEFAULT_DB_ALIAS,
) -> dict:
    """Every write with each number of ``clients``, alone and with ``readers``, on the server
    already listening on ``port``, whose database is ``using`` here."""
    run = f"{int(time.time()) % 100_000:05d}"
    writes = [_monitoring(writing_patients()), _patient(run)]
    _, unloaded_reads, elapsed = _round(port, WARMUP_SECONDS, None, 0, readers, token, session_key)
    _, unloaded_reads, elapsed = _round(port, seconds, None, 0, readers, token, session_key)
    unloaded = unloaded_reads.figures(elapsed, 200)
    log(f"escrituras · lecturas sin escrituras: {unloaded['rps']} req/s  p50 {unloaded['p50_ms']} ms")
    rows = []
    for write in writes:
        _round(port, WARMUP_SECONDS, write, 2, 0, token, session_key)
        for writers in clients:
            for with_readers in (0, readers):
                before = _rows(write, using)
                done, reads, elapsed = _round(port, seconds, write, writers, with_readers, token, session_key)
                row = {
                    "escritura": write.name,
                    "clientes": writers,
                    "lectores": with_readers,
                    **done.figures(elapsed, 201),
                }
                row["guardadas"] = _rows(write, using) - before
                row["una_fila_por_201"] = row["guardadas"] == done.statuses.get(201, 0)
                if with_readers:
                    read = reads.figures(elapsed, 200)
                    row["lecturas"] = read
                    row["lecturas_relación_p50"] = (
                        round(read["p50_ms"] / unloaded["p50_ms"], 2) if read["p50_ms"] else None
                    )
                rows.append(row)
                log(
                    f"escrituras · {write.name:20} {writers} clientes{' + lectores' if with_readers else '':11}"
                    f" {row['rps']:6.1f} req/s  p50 {row['p50_ms']} ms  p95 {row['p95_ms']} ms"
                    f"  errores {row['errores']}"
                    + (
                        f"  lecturas p50 {row['lecturas']['p50_ms']} ms (×{row['lecturas_relación_p50']})"
                        if with_readers
                        else ""
                    )
                )
    return {"segundos": seconds, "lectores": readers, "lecturas_sin_escrituras": unloaded, "filas": rows}


#: The seed of the random arrivals of ``measure_at_rate``: the same moments at every run.
ARRIVALS_SEED = 2026


def measure_at_rate(
    port: int,
    token: str,
    session_key: str,
    seconds: float,
    rate: float = 40.0,
    writers: int = 4,
    read_rate: float = 2.0,
    log=print,
    using: str = DEFAULT_DB_ALIAS,
) -> list[dict]:
    """Monitorings saved by ``writers`` clients at ``rate`` saves per second in all, and what a
    person reading meanwhile waits: one reader opening the dashboard and the lists ``read_rate``
    times per second, first with no writer and then during the saves.

    ``measure`` sends every request back to back, which shows how many saves the server holds
    but leaves no room for anyone else; a clinic's staff save at a pace. This is the load of the
    target "≥ 40 saves/s with 4 writers, reads within 1.5× of their p50 without writers".

    Measured twice: with each person saving and reading at random moments on their own (a
    Poisson arrival of 40 saves a second, as independent people save), and with everyone in
    step, every writer and the reader sending at the same instant each period: the worst case,
    where every read meets every writer's save at once. One row each, the random one first.
    """
    write = _monitoring(writing_patients())
    _round(port, WARMUP_SECONDS, write, 2, 1, token, session_key, read_interval=1.0 / read_rate)
    return [
        _at_rate(port, token, session_key, seconds, write, rate, writers, read_rate, log, using, seed)
        for seed in (ARRIVALS_SEED, None)
    ]


def _at_rate(port, token, session_key, seconds, write, rate, writers, read_rate, log, using, seed) -> dict:
    read_interval = 1.0 / read_rate
    _, alone, elapsed = _round(
        port, seconds, None, 0, 1, token, session_key, read_interval=read_interval, seed=seed
    )
    unloaded = alone.figures(elapsed, 200)
    before = _rows(write, using)
    done, reads, elapsed = _round(
        port,
        seconds,
        write,
        writers,
        1,
        token,
        session_key,
        write_interval=writers / rate,
        read_interval=read_interval,
        seed=seed,
    )
    row = {
        "escritura": write.name,
        "clientes": writers,
        "ritmo_pedido": rate,
        "lecturas_por_segundo": read_rate,
        "llegadas": "a la vez" if seed is None else "al azar",
        **done.figures(elapsed, 201),
        "lecturas_sin_escrituras": unloaded,
        "lecturas": reads.figures(elapsed, 200),
    }
    row["guardadas"] = _rows(write, using) - before
    row["una_fila_por_201"] = row["guardadas"] == done.statuses.get(201, 0)
    loaded_p50, alone_p50 = row["lecturas"]["p50_ms"], unloaded["p50_ms"]
    row["lecturas_relación_p50"] = round(loaded_p50 / alone_p50, 2) if loaded_p50 and alone_p50 else None
    log(
        f"escrituras a ritmo ({row['llegadas']}) · {writers} clientes a {rate:g}/s: {row['rps']} guardadas/s"
        f"  p50 {row['p50_ms']} ms  p95 {row['p95_ms']} ms  errores {row['errores']}"
        f"  lecturas p50 {alone_p50} → {loaded_p50} ms (×{row['lecturas_relación_p50']})"
    )
    return row
