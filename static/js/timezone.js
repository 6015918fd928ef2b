// Sign-up: replace the default "UTC" with the browser's time zone, when the browser
// knows it and it is in the list of zones. Without JavaScript the field keeps UTC.
(function () {
  "use strict";
  var input = document.querySelector("input[data-browser-time-zone]");
  if (!input || input.value !== "UTC") {
    return;
  }
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!zone || zone === "UTC") {
    return;
  }
  var list = input.list;
  if (list) {
    var known = Array.prototype.some.call(list.options, function (option) {
      return option.value === zone;
    });
    if (!known) {
      return;
    }
  }
  input.value = zone;
})();
