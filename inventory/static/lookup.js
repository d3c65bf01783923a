/* Stock lookup: the code just searched stays selected, so the next scan replaces it. */
(function () {
  "use strict";
  const input = document.querySelector(".scan-bar input[name=q]");
  if (input) { input.focus(); input.select(); }
})();
