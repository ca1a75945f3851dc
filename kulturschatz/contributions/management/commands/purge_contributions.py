"""manage.py purge_contributions: the retention period of contributors' data."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kulturschatz.contributions.privacy import purge_personal_data

PROGRESS_EVERY = 100


class Command(BaseCommand):
    help = (
        "Apply the retention period of Mitmachen (KULTURSCHATZ_CONTRIBUTION_RETENTION_DAYS, "
        "counted from submission): contributions nobody decided expire and lose their "
        "photos and personal data, decided ones their e-mail address (accepted ones keep "
        "the public credit), and rejected, withdrawn or expired ones are deleted. The task "
        "queue runs this every night."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="only list what would be done"
        )

    def handle(self, *args, dry_run: bool, verbosity: int, **options) -> None:
        done = 0

        def log(line: str) -> None:
            nonlocal done
            done += 1
            if dry_run or verbosity >= 2:
                self.stdout.write(line)
            elif done % PROGRESS_EVERY == 0:
                self.stdout.write(_("… %(count)d contributions so far") % {"count": done})

        report = purge_personal_data(dry_run=dry_run, log=log)
        days = settings.KULTURSCHATZ_CONTRIBUTION_RETENTION_DAYS
        if not report.total:
            self.stdout.write(
                _("No contribution is older than %(days)d days with anything left to erase.")
                % {"days": days}
            )
            return
        counts = {"expired": report.expired, "erased": report.erased, "deleted": report.deleted}
        summary = "; ".join(
            [
                ngettext(
                    "%(expired)d contribution expired",
                    "%(expired)d contributions expired",
                    report.expired,
                ) % counts,
                ngettext(
                    "personal data of %(erased)d decided contribution erased",
                    "personal data of %(erased)d decided contributions erased",
                    report.erased,
                ) % counts,
                ngettext(
                    "%(deleted)d contribution deleted",
                    "%(deleted)d contributions deleted",
                    report.deleted,
                ) % counts,
            ]
        )
        if dry_run:
            summary = _("Dry run, nothing changed. Would be done: %(summary)s.") % {
                "summary": summary
            }
        else:
            summary = _("Retention period of %(days)d days applied: %(summary)s.") % {
                "days": days,
                "summary": summary,
            }
        self.stdout.write(self.style.SUCCESS(summary))
