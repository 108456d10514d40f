// Draws the charts of a page. Each chart is a <div class="vega-chart" id="…"> followed by its specification
// as inert JSON data: <script type="application/json" class="vega-spec" data-for="…">{spec, options, alt}</script>
// (written by src/analysis/pages/charts.py). Nothing on the page is executed inline, so the page's
// Content-Security-Policy can allow only the site's own script files; `ast: true` makes vega interpret
// its expressions instead of compiling them with new Function(), so no 'unsafe-eval' is needed either.
// On a long page a specification may lie in a JSON file beside the page instead (`data-src`, written by
// src/analysis/site/parts.py): it is fetched, then drawn the same way.
(function () {
  "use strict";

  function drawAll() {
    document.querySelectorAll("script.vega-spec[data-for]").forEach(function (data) {
      var el = document.getElementById(data.getAttribute("data-for"));
      if (!el || el.getAttribute("data-drawn")) return;
      el.setAttribute("data-drawn", "1");
      var src = data.getAttribute("data-src");
      if (src) {
        fetch(src).then(function (r) { if (!r.ok) { throw new Error(src); } return r.text(); })
          .then(function (text) { draw(el, text); })
          .catch(function (e) { el.textContent = "Grafik yüklenemedi: " + e.message; });
      } else {
        draw(el, data.textContent);
      }
    });
  }

  function draw(el, text) {
      var chart;
      try {
        chart = JSON.parse(text);
      } catch (e) {
        el.textContent = "Grafik çizilemedi: " + e.message;
        return;
      }
      var options = Object.assign({}, chart.options || {}, { ast: true });
      window.vegaEmbed(el, chart.spec, options)
        .then(function () {
          var svg = el.querySelector("svg");
          if (svg) {
            svg.setAttribute("role", "img");
            svg.setAttribute("aria-label", chart.alt || "");
          }
        })
        .catch(function (e) {
          el.textContent = "Grafik çizilemedi: " + e.message;
          console.error(e);
        });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
