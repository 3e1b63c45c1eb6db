/* Counter intake: keyboard type-ahead for the procedure, the missing-documents list, the
   pre-fill from the applicant's latest dossier, shortcuts and focus after each htmx swap.
   The server decides everything; this only moves focus and copies values. */
(function () {
  "use strict";

  var PREFILLED = ["name", "birth_date", "phone", "email", "address"];

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $$(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  function announce(text) {
    var region = $("#counter-announce");
    if (!region || !text) { return; }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  // --- procedure combobox ------------------------------------------------------------------

  function combo() { return $("#id_procedure_query"); }
  function options() { return $$("#procedure-options [role=option]"); }

  function setActive(index) {
    var input = combo(), items = options();
    items.forEach(function (item, i) {
      item.setAttribute("aria-selected", i === index ? "true" : "false");
      item.classList.toggle("is-active", i === index);
    });
    if (index >= 0 && items[index]) {
      input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function activeIndex() {
    return options().findIndex(function (item) { return item.getAttribute("aria-selected") === "true"; });
  }

  function closeList() {
    var list = $("#procedure-options"), input = combo();
    if (list) { list.innerHTML = ""; }
    if (input) {
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
  }

  function focusFirstIn(container) {
    var target = $("select, input[type=checkbox], input:not([type=hidden])", container);
    if (target) { target.focus(); }
  }

  function choose(item) {
    var input = combo();
    if (!item || !input) { return; }
    input.value = item.dataset.label;
    input.dataset.chosen = item.dataset.label;
    closeList();
    var desk = $("#id_desk");
    window.htmx.ajax("GET", input.dataset.detailUrl, {
      target: "#procedure-detail",
      swap: "innerHTML",
      values: { procedure: item.dataset.code, desk: desk ? desk.value : "" }
    }).then(function () {
      updateMissing();
      focusFirstIn($("#procedure-detail"));
    });
  }

  document.addEventListener("keydown", function (event) {
    var input = combo();
    if (event.target !== input) { return; }
    var items = options(), index = activeIndex();
    if (event.key === "ArrowDown" && items.length) {
      event.preventDefault();
      setActive(index < items.length - 1 ? index + 1 : 0);
    } else if (event.key === "ArrowUp" && items.length) {
      event.preventDefault();
      setActive(index > 0 ? index - 1 : items.length - 1);
    } else if (event.key === "Enter") {
      event.preventDefault();
      choose(items[index >= 0 ? index : 0]);
    } else if (event.key === "Escape") {
      closeList();
    }
  });

  document.addEventListener("input", function (event) {
    var input = combo();
    if (event.target === input && input.dataset.chosen && input.value !== input.dataset.chosen) {
      delete input.dataset.chosen;
      $("#procedure-detail").innerHTML = "";
      updateMissing();
    }
    if (event.target && event.target.id === "id_missing") {
      event.target.dataset.edited = "1";
    }
  });

  document.addEventListener("click", function (event) {
    var item = event.target.closest && event.target.closest("#procedure-options [role=option]");
    if (item) { choose(item); return; }
    if (event.target.closest && event.target.closest("[data-tick-all]")) { tickAll(); }
  });

  // --- documents ------------------------------------------------------------------------------

  function updateMissing() {
    var box = $("#id_missing");
    if (!box || box.dataset.edited === "1") { return; }
    box.value = $$("#procedure-detail input[name=doc]")
      .filter(function (c) { return !c.checked; })
      .map(function (c) { return c.dataset.name; })
      .join("\n");
  }

  function tickAll() {
    $$("#procedure-detail input[name=doc]").forEach(function (c) { c.checked = true; });
    updateMissing();
  }

  document.addEventListener("change", function (event) {
    if (event.target.name === "doc") { updateMissing(); }
    if (event.target.matches && event.target.matches("[data-autosubmit]")) {
      event.target.form.requestSubmit();
    }
  });

  // Enter in a field never submits the intake: only the buttons (or their shortcuts) do.
  document.addEventListener("keydown", function (event) {
    var t = event.target;
    if (event.key !== "Enter" || !t.form || t.form.id !== "intake-form") { return; }
    if (t.tagName === "INPUT" && t.type !== "submit" && t.type !== "button") {
      event.preventDefault();
    }
  });

  // --- pre-fill from the applicant's latest dossier --------------------------------------------

  function prefill() {
    var data = $("#counter-prefill");
    if (!data) { return; }
    var values = JSON.parse(data.textContent), filled = 0;
    PREFILLED.forEach(function (name) {
      var field = $("#id_" + name);
      if (field && !field.value && values[name]) {
        field.value = values[name];
        filled += 1;
      }
    });
    var kind = $("input[name=applicant_kind][value='" + values.applicant_kind + "']");
    if (kind && filled) { kind.checked = true; }
    var note = $("[data-prefill-note]");
    if (note) { announce(note.textContent); }
  }

  // --- shortcuts --------------------------------------------------------------------------------

  var SHORTCUTS = {
    KeyR: function () { click("button[value=receive]"); },
    KeyB: function () { click("button[value=request_completion]"); },
    KeyT: function () { click("button[value=refuse]"); },
    KeyP: function () { var i = combo(); if (i) { i.focus(); i.select(); } },
    KeyC: function () { var i = $("#id_id_number"); if (i) { i.focus(); } },
    KeyA: tickAll,
    KeyI: function () { click("#print-form"); }
  };

  function click(selector) {
    var target = $(selector);
    if (target && !target.disabled) { target.click(); }
  }

  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey || !SHORTCUTS[event.code]) { return; }
    if (!$("#intake-form")) { return; }
    event.preventDefault();
    SHORTCUTS[event.code]();
  });

  // --- after htmx swaps ----------------------------------------------------------------------

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target) { return; }
    if (target.id === "procedure-options") {
      var input = combo();
      var count = options().length;
      input.setAttribute("aria-expanded", count ? "true" : "false");
      setActive(count ? 0 : -1);
    } else if (target.id === "earlier") {
      prefill();
    } else if (target.id === "counter-workspace") {
      var ws = $(".counter-ws", target);
      if (ws) {
        var focus = document.getElementById(ws.dataset.focus || "");
        if (focus) { focus.focus(); }
        announce(ws.dataset.announce);
      }
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var ws = $(".counter-ws");
    if (ws) {
      var focus = document.getElementById(ws.dataset.focus || "");
      if (focus) { focus.focus(); }
    }
  });
})();
