"""工作台: the station's profile and live counts, and what is due (follow-ups, project milestones), refreshed
whenever data changes elsewhere."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFormLayout, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.domain.codes import NODE_KINDS, label
from desktop.domain.permissions import Action
from desktop.i18n import _, format_datetime, format_number, ngettext
from desktop.services.overview import community_counts
from desktop.services.station import get_profile
from desktop.storage.backup import list_backups
from desktop.ui.cases.due_panel import DueFollowUpsPanel
from desktop.ui.context import AppContext
from desktop.ui.needs.unmatched_panel import UnmatchedNeedsPanel
from desktop.ui.projects.project_fields import scrolled
from desktop.ui.projects.due_milestones_panel import DueMilestonesPanel


def _scaled(widget: QLabel, factor: float, bold: bool = True) -> None:
    font = widget.font()
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    widget.setFont(font)


class Tile(QFrame):
    """One figure with its caption and an optional note under it."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setObjectName("tile")
        self.setStyleSheet("QFrame#tile { border: 1px solid palette(mid); border-radius: 6px;"
                           " background: palette(base); }")
        self.value = QLabel("—")
        _scaled(self.value, 2.0)
        self.caption = QLabel(caption)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # a quieter grey than the figure
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def set(self, value: str, note: str = "") -> None:
        self.value.setText(value)
        self.note.setText(note)
        self.note.setVisible(bool(note))


class HomePage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self.heading = QLabel()
        _scaled(self.heading, 1.6)
        self.heading.setWordWrap(True)

        profile_box = QGroupBox(_("Station profile"))
        profile_form = QFormLayout(profile_box)
        self.kind, self.township, self.county = QLabel(), QLabel(), QLabel()
        self.division_code, self.fingerprint = QLabel(), QLabel()
        for caption, widget in ((_("Kind of node"), self.kind), (_("Township or street"), self.township),
                                (_("County or district"), self.county),
                                (_("Administrative-division code"), self.division_code),
                                (_("Node fingerprint"), self.fingerprint)):
            widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            profile_form.addRow(caption, widget)
        self.fingerprint.setToolTip(_("Read this aloud to check a bundle really comes from this station."))

        self.tiles = {
            "total": Tile(_("Villages and communities")),
            "urban": Tile(_("Urban communities")),
            "rural": Tile(_("Rural villages")),
            "population": Tile(_("Resident population")),
        }
        tile_grid = QGridLayout()
        tile_grid.setSpacing(12)
        for column, tile in enumerate(self.tiles.values()):
            tile_grid.addWidget(tile, 0, column)
            tile_grid.setColumnStretch(column, 1)

        self.last_backup = QLabel()
        # 待办回访: only roles that see cases have follow-ups.
        self.follow_ups = DueFollowUpsPanel(ctx) if ctx.gateway.may(Action.VIEW_CASES) else None
        self.milestones = DueMilestonesPanel(ctx)  # 待办里程碑 of the projects under way
        self.unmatched = UnmatchedNeedsPanel(ctx)  # 村社区待对接需求, hidden while none waits
        # What is due in one column, the unmatched needs beside it; together they take the page's height.
        due, dated = QHBoxLayout(), QVBoxLayout()
        due.setSpacing(16)
        dated.setSpacing(16)
        layout = QVBoxLayout()
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(16)
        layout.addWidget(self.heading)
        layout.addWidget(profile_box)
        layout.addLayout(tile_grid)
        # The lists share the column until each shows all its rows (due_panel: no taller than that); what is
        # left then stays under them.
        if self.follow_ups is not None:
            dated.addWidget(self.follow_ups, 1)
        dated.addWidget(self.milestones, 1)
        dated.addStretch(0)
        due.addLayout(dated, 3)  # four columns a table
        due.addWidget(self.unmatched, 2)  # three, two of them short figures
        layout.addLayout(due, 1)
        layout.addWidget(self.last_backup)
        layout.addStretch(0)  # takes the height instead of the lists while nothing is due (refresh)
        self._page, self._due = layout, due
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolled(layout))  # a short window scrolls rather than squeeze the lists
        self.unmatched.counted.connect(self._fit)  # counted on the worker, after refresh
        ctx.events.changed.connect(self.refresh)
        self.refresh()

    def refresh(self, _topic: str = "") -> None:
        profile = self._ctx.gateway.read(get_profile)
        counts = self._ctx.gateway.read(community_counts)
        self.heading.setText(profile.name)
        self.kind.setText(label(NODE_KINDS, profile.kind))
        self.township.setText(profile.township or "—")
        self.county.setText(profile.county or "—")
        self.division_code.setText(profile.division_code)
        self.fingerprint.setText(profile.fingerprint)
        self.tiles["total"].set(format_number(counts.total))
        self.tiles["urban"].set(format_number(counts.urban))
        self.tiles["rural"].set(format_number(counts.rural))
        missing = ""
        if counts.population_missing:
            missing = ngettext("{n} community has no figure recorded", "{n} communities have no figure recorded",
                               counts.population_missing).format(n=format_number(counts.population_missing))
        self.tiles["population"].set(format_number(counts.population), missing)
        self._show_last_backup()
        if self.follow_ups is not None:
            self.follow_ups.refresh()
        self.milestones.refresh()
        self.unmatched.refresh()
        self._fit()

    def _fit(self) -> None:
        """Lists to show take the page's height; with none, what is there stays at the top."""
        listed = any(panel is not None and panel.model.rowCount() for panel in (self.follow_ups, self.milestones)) \
            or not self.unmatched.isHidden()
        self._page.setStretchFactor(self._due, 1 if listed else 0)
        self._page.setStretch(self._page.count() - 1, 0 if listed else 1)

    def _show_last_backup(self) -> None:
        path = self._ctx.gateway.path
        backups = list_backups(path) if path is not None else []
        if backups:
            when = format_datetime(backups[0].created.astimezone(), "medium")
            self.last_backup.setText(_("Last backup: {time}").format(time=when))
        else:
            self.last_backup.setText(_("No backup yet. Use File ▸ Back up now, or wait for the daily backup."))
