// "Copy" buttons (the drafted message, the calendar link), and an "Open in mail app" link that follows the user's edits.
// Without this file the page still works: the copy buttons stay hidden, and the link opens the draft as written.
(function () {
  "use strict";

  var status = document.querySelector("[data-copy-status]");

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  if (navigator.clipboard && window.isSecureContext) {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-copy-target"));
      if (!target) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(target.value).then(
          function () {
            say(button.getAttribute("data-copied-message") || "Copied. Paste it into your e-mail.");
          },
          function () {
            target.select();
            say("Could not copy automatically: the text is selected, press Ctrl+C (or Cmd+C).");
          }
        );
      });
    });
  }

  // A one-line box that wraps (the subject on a phone): Enter does not start a new line.
  document.querySelectorAll("[data-one-line]").forEach(function (box) {
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
  });

  // RFC 6068: percent-encoded parts, line breaks as CRLF.
  var link = document.querySelector("[data-mailto-link]");
  var subject = document.querySelector("[data-draft-subject]");
  var body = document.querySelector("[data-draft-body]");
  if (link && subject && body) {
    var update = function () {
      var to = encodeURIComponent(link.getAttribute("data-mailto-to") || "").replace("%40", "@");
      var text = body.value.replace(/\r\n/g, "\n").replace(/\n/g, "\r\n");
      link.href =
        "mailto:" + to + "?subject=" + encodeURIComponent(subject.value) + "&body=" + encodeURIComponent(text);
    };
    subject.addEventListener("input", update);
    body.addEventListener("input", update);
  }
})();
