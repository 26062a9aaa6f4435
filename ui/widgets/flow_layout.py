"""A layout that lines its widgets up left to right and wraps to a new row when the next
one does not fit, as words wrap in a paragraph (Qt's "Flow Layout" example shows the
idea; this one also stretches the row's expanding widgets to fill it)."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    """Widgets at their preferred width, in as many rows as the width needs; in each row
    the space left over goes to widgets whose horizontal policy expands (a search box).
    Reports its height for a given width, so the widget above and below it move."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    # ------------------------------------------------------------ QLayout's list

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    # ------------------------------------------------------------ sizes

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        width = sum(self._hint(item).width() for item in self._visible())
        width += self._spacing * max(0, len(self._visible()) - 1)
        height = max((self._hint(item).height() for item in self._visible()), default=0)
        margins = self.contentsMargins()
        return QSize(width + margins.left() + margins.right(),
                     height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    # ------------------------------------------------------------ arranging

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    @staticmethod
    def _hint(item: QLayoutItem) -> QSize:
        return item.sizeHint().expandedTo(item.minimumSize())

    def rows(self, width: int) -> list[list[QLayoutItem]]:
        """The items of each row at `width` pixels (margins included)."""
        margins = self.contentsMargins()
        room = max(1, width - margins.left() - margins.right())
        rows: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._visible():
            wanted = min(self._hint(item).width(), room)
            if rows[-1] and used + self._spacing + wanted > room:
                rows.append([])
                used = 0
            used += (self._spacing if rows[-1] else 0) + wanted
            rows[-1].append(item)
        return [row for row in rows if row]

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        room = max(1, rect.width() - margins.left() - margins.right())
        y = rect.y() + margins.top()
        for n, row in enumerate(self.rows(rect.width())):
            widths = [min(self._hint(item).width(), room) for item in row]
            spare = room - sum(widths) - self._spacing * (len(row) - 1)
            growing = [i for i, item in enumerate(row) if _expands(item)]
            for i in growing:
                widths[i] += spare // len(growing)
            height = max(self._hint(item).height() for item in row)
            if n:
                y += self._spacing
            x = rect.x() + margins.left()
            for item, w in zip(row, widths, strict=True):
                if apply:
                    item.setGeometry(QRect(QPoint(x, y), QSize(w, height)))
                x += w + self._spacing
            y += height
        return y - rect.y() + margins.bottom()


def _expands(item: QLayoutItem) -> bool:
    widget = item.widget()
    return widget is not None and widget.sizePolicy().horizontalPolicy() in (
        QSizePolicy.Policy.Expanding, QSizePolicy.Policy.MinimumExpanding)
