// Behaviour shared by every page (loaded by base.html; the CSP forbids inline scripts).
(function () {
  "use strict";

  // A button marked data-print opens the print dialog (datamed.css has the print stylesheet).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });

  // A wide table scrolls inside its .table-responsive box. While it does, the box must be
  // reachable and scrollable by keyboard and announced by name (WCAG 2.1.1), so it becomes a
  // focusable, labelled region; a table that fits stays out of the tab order.
  function tableName(box) {
    const caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) {
      return caption.textContent.trim();
    }
    for (let node = box; node && node !== document.body; node = node.parentElement) {
      for (let sibling = node.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
        const heading = sibling.matches("h1, h2, h3, h4, h5, h6") ? sibling : null;
        if (heading && heading.textContent.trim()) {
          return heading.textContent.trim();
        }
      }
    }
    return "Tabla";
  }

  function markScrollable(box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", tableName(box) + " (tabla desplazable)");
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }

  // A table marked .table-stack shows one block per row on phones (datamed.css): each cell is
  // labelled with its column's title, copied here from the header (a cell that already has a
  // data-label keeps it).
  document.querySelectorAll("table.table-stack").forEach(function (table) {
    const titles = Array.from(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.from(row.cells).forEach(function (cell, index) {
        if (cell.colSpan === 1 && titles[index] && !cell.dataset.label) {
          cell.dataset.label = titles[index];
        }
      });
    });
  });

  const boxes = document.querySelectorAll(".table-responsive");
  if (boxes.length && "ResizeObserver" in window) {
    const observer = new ResizeObserver(function (entries) {
      entries.forEach(function (entry) {
        markScrollable(entry.target);
      });
    });
    boxes.forEach(function (box) {
      observer.observe(box);
    });
  }
})();
