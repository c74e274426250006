// svodka web UI: a little behaviour on top of server-rendered pages (no framework).
// Article page: layer toggles, side-list items jump to their spans (again: the next one),
// clicking a highlighted span marks its items in the side list.
(function () {
  "use strict";

  function spansOf(key) {
    return document.querySelectorAll('#doc-text [data-ann~="' + CSS.escape(key) + '"]');
  }

  function flash(key) {
    document.querySelectorAll("#doc-text .flash").forEach(function (el) {
      el.classList.remove("flash");
    });
    spansOf(key).forEach(function (el) { el.classList.add("flash"); });
  }

  var cursor = {};

  function jump(key) {
    var starts = document.querySelectorAll(
      '#doc-text [data-starts~="' + CSS.escape(key) + '"]');
    if (!starts.length) { return; }
    var i = cursor[key] === undefined ? 0 : (cursor[key] + 1) % starts.length;
    cursor[key] = i;
    starts[i].scrollIntoView({ behavior: "smooth", block: "center" });
    flash(key);
    if (history.replaceState) { history.replaceState(null, "", "#a-" + key); }
  }

  function markItems(keys) {
    document.querySelectorAll("#side li.active").forEach(function (li) {
      li.classList.remove("active");
    });
    var first = null;
    keys.forEach(function (key) {
      var li = document.querySelector('#side li[data-item="' + CSS.escape(key) + '"]');
      if (li) {
        li.classList.add("active");
        var box = li.closest("details");
        if (box) { box.open = true; }
        first = first || li;
      }
    });
    if (first) { first.scrollIntoView({ behavior: "smooth", block: "nearest" }); }
  }

  function init() {
    var text = document.getElementById("doc-text");
    if (!text) { return; }
    document.querySelectorAll("input[data-layer]").forEach(function (box) {
      box.addEventListener("change", function () {
        text.classList.toggle("hide-" + box.dataset.layer, !box.checked);
      });
    });
    document.querySelectorAll("a[data-jump]").forEach(function (a) {
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        jump(a.dataset.jump);
      });
    });
    text.addEventListener("click", function (ev) {
      var span = ev.target.closest("[data-ann]");
      if (!span) { return; }
      var keys = span.dataset.ann.split(" ");
      flash(keys[0]);
      markItems(keys);
    });
    if (location.hash.indexOf("#a-") === 0) {
      var key = decodeURIComponent(location.hash.slice(3));
      flash(key);
      markItems([key]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
