/**
 * The only script the pages load (/assets/site.js), and every page works without it. It does two
 * things: "Copy" buttons next to feed addresses (hidden until this script shows them), and relative
 * times ("3 min ago") for <time data-relative>, keeping the absolute time in the title.
 */
export const siteScript = `(function () {
  "use strict";
  var status = document.getElementById("copy-status");
  function announce(text) { if (status) status.textContent = text; }
  function fallbackCopy(input) {
    input.focus();
    input.select();
    try { return document.execCommand("copy"); } catch (error) { return false; }
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var input = document.getElementById(button.getAttribute("data-copy"));
      if (!input) return;
      var text = input.value;
      var done = function () {
        button.textContent = "Copied";
        announce("Copied " + text);
        setTimeout(function () { button.textContent = "Copy"; }, 2000);
      };
      var failed = function () {
        if (fallbackCopy(input)) done(); else announce("Select the address and copy it with your keyboard.");
      };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, failed);
      else failed();
    });
  });
  var format = window.Intl && Intl.RelativeTimeFormat
    ? new Intl.RelativeTimeFormat(document.documentElement.lang || "en", { numeric: "auto", style: "short" })
    : null;
  var units = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400], ["hour", 3600], ["minute", 60], ["second", 1]];
  function relative(seconds) {
    for (var i = 0; i < units.length; i++) {
      var unit = units[i];
      if (Math.abs(seconds) >= unit[1] || unit[0] === "second") return format.format(Math.round(seconds / unit[1]), unit[0]);
    }
  }
  function update() {
    if (!format) return;
    document.querySelectorAll("time[data-relative]").forEach(function (time) {
      var at = Date.parse(time.getAttribute("datetime"));
      if (isNaN(at)) return;
      if (!time.title) time.title = time.textContent;
      time.textContent = relative((at - Date.now()) / 1000);
    });
  }
  update();
  setInterval(update, 30000);
})();
`;
