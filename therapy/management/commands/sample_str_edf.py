"""Write a synthetic ResMed STR.edf to try the upload without a real SD card.

python manage.py sample_str_edf /tmp/STR.edf --nights 120 --serial 23181234567
"""

import datetime
import random
from pathlib import Path

from django.core.management.base import BaseCommand

from patients.models import today
from therapy.synthetic import Night, str_edf


class Command(BaseCommand):
    help = "Escribe un STR.edf sintético (formato ResMed) con las últimas N noches."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--nights", type=int, default=120)
        parser.add_argument("--serial", default="23181234567")
        parser.add_argument("--seed", type=int, default=11)

    def handle(self, *args, **options):
        rng = random.Random(options["seed"])
        count = options["nights"]
        nights = [
            None
            if rng.random() < 0.03
            else Night(max(0, round(rng.gauss(330, 110))), ahi=round(rng.uniform(0.5, 6), 2))
            for _ in range(count)
        ]
        start = today() - datetime.timedelta(days=count)
        Path(options["path"]).write_bytes(str_edf(start, nights, serial=options["serial"]))
        self.stdout.write(
            f"{options['path']}: {count} noches desde el {start:%d/%m/%Y}, serial {options['serial']}."
        )
