/* A long page's long blocks live on part pages beside it (analysis.site.parts): the page keeps a fold with links
   to them. Opening the fold loads the parts into it, in order (same-origin fetch; DOMParser runs no script, and
   the parts' HTML was escaped when the page was made). Without this script, or when loading fails, the links stay. */
(function () {
  "use strict";
  function load(box) {
    if (box.getAttribute("data-state")) { return; }
    box.setAttribute("data-state", "loading");
    var status = box.querySelector(".page-part-status");
    if (status) { status.textContent = "Yükleniyor…"; }
    var urls = box.getAttribute("data-parts").split(" ");
    Promise.all(urls.map(function (u) {
      return fetch(u).then(function (r) { if (!r.ok) { throw new Error(u); } return r.text(); });
    })).then(function (texts) {
      var frag = document.createDocumentFragment();
      texts.forEach(function (t) {
        var body = new DOMParser().parseFromString(t, "text/html").querySelector(".page-part-body");
        if (!body) { return; }
        Array.prototype.forEach.call(body.childNodes, function (n) { frag.appendChild(document.importNode(n, true)); });
      });
      box.appendChild(frag);
      box.setAttribute("data-state", "loaded");
      if (status) { status.textContent = "Aşağıda hepsi gösteriliyor."; }
    }).catch(function () {
      box.setAttribute("data-state", "failed");
      if (status) { status.textContent = "Yüklenemedi: bağlantılardan açın."; }
    });
  }
  document.querySelectorAll(".page-part").forEach(function (box) {
    var fold = box.closest("details");
    if (!fold) { load(box); return; }
    if (fold.open) { load(box); }
    fold.addEventListener("toggle", function () { if (fold.open) { load(box); } });
  });
}());
