// The dashboard's notice countdown, ticking in the browser. Without this file the server's text stays
// ("50 h left to give notice"), as the page was rendered. With it, the text follows the clock: in hours
// over a day (rounded as interviews/countdown.py rounds), in hours and minutes under a day, and
// "Notice window closed" once the deadline passes. Only elements the server marked are touched:
// those whose notice can still matter (flow.notice_can_matter).
(function () {
  "use strict";

  var MINUTE = 60 * 1000;
  var HOUR = 60 * MINUTE;
  var DAY = 24 * HOUR;

  function text(deadline, start, now) {
    if (now >= start) {
      return "The interview time has passed";
    }
    var left = deadline - now;
    if (left <= 0) {
      return "Notice window closed";
    }
    if (left >= DAY) {
      // To the nearest hour, an exact half hour down: countdown.hours_left.
      var whole = Math.floor(left / HOUR);
      return whole + (left % HOUR > HOUR / 2 ? 1 : 0) + " h left to give notice";
    }
    var hours = Math.floor(left / HOUR);
    var minutes = Math.floor((left % HOUR) / MINUTE);
    if (hours === 0 && minutes === 0) {
      return "Less than 1 min left to give notice";
    }
    return (hours ? hours + " h " : "") + minutes + " min left to give notice";
  }

  var counters = Array.prototype.slice.call(document.querySelectorAll("[data-countdown-deadline]"));
  if (!counters.length) {
    return;
  }

  function tick() {
    var now = Date.now();
    counters.forEach(function (element) {
      var deadline = Date.parse(element.getAttribute("data-countdown-deadline"));
      var start = Date.parse(element.getAttribute("data-countdown-start"));
      if (isNaN(deadline) || isNaN(start)) {
        return;
      }
      var shown = text(deadline, start, now);
      if (element.textContent !== shown) {
        element.textContent = shown;
      }
    });
  }

  tick();
  window.setInterval(tick, 1000);
})();
