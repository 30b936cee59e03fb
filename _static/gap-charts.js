/* The charts of a page: each figure shows the picture the build drew (an SVG) at once, and is
   replaced by its interactive view (vega-embed) when it nears the screen or the reader reaches
   for it. The vega bundle, the heaviest file of the site, is loaded only then, after the page
   itself has loaded. A figure whose picture is missing or cannot be shown (a page printed from
   one single HTML file) is drawn interactively at once. Included only on pages with charts
   (gaplib.engine.page_assets). */
(function () {
  "use strict";
  if (window.gapCharts) { return; }
  var bundleUrl = new URL("vega-bundle.js", document.currentScript.src).href;
  var loading = null;

  function loadBundle() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        if (window.vegaEmbed) { resolve(); return; }
        var script = document.createElement("script");
        script.src = bundleUrl;
        script.async = true;
        script.onload = function () { resolve(); };
        script.onerror = function () { reject(new Error("could not load " + bundleUrl)); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function draw(chart) {
    if (chart.getAttribute("data-state")) { return; }
    chart.setAttribute("data-state", "loading");
    var spec = JSON.parse(document.getElementById(chart.id + "-spec").textContent);
    var picture = chart.querySelector(".gap-chart-picture");
    loadBundle().then(function () {
      var view = document.createElement("div");
      view.className = "gap-chart-view";
      chart.appendChild(view);
      return window.vegaEmbed(view, spec, {actions: false, renderer: "svg"}).then(function () {
        if (picture) { picture.remove(); }
        chart.setAttribute("data-state", "interactive");
      });
    }).catch(function (error) {
      chart.setAttribute("data-state", "failed");
      if (!picture || !picture.complete || !picture.naturalWidth) {  // nothing else to show
        chart.textContent = chart.getAttribute("data-failed") + error;
      }
    });
  }

  function start() {
    var charts = Array.prototype.slice.call(document.querySelectorAll(".gap-chart"));
    var near = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { near.unobserve(entry.target); draw(entry.target); }
      });
    }, {rootMargin: "300px 0px"}) : null;
    charts.forEach(function (chart) {
      var picture = chart.querySelector(".gap-chart-picture");
      var broken = !picture || (picture.complete && !picture.naturalWidth);
      if (broken || !near) { draw(chart); return; }
      picture.addEventListener("error", function () { draw(chart); });
      near.observe(chart);
      ["pointerenter", "focusin", "touchstart"].forEach(function (kind) {
        chart.addEventListener(kind, function () { draw(chart); }, {once: true, passive: true});
      });
    });
    window.addEventListener("beforeprint", function () { charts.forEach(draw); });
  }

  window.gapCharts = {draw: draw, loadBundle: loadBundle};
  // After the page and its pictures have loaded: the bundle does not compete with them.
  if (document.readyState === "complete") { start(); } else { window.addEventListener("load", start); }
})();
