/* Reachroom pages: charts from the server's JSON, confirm dialogs, copy buttons and filter helpers.
   Plain ES2017, no build step. Chart.js (UMD) is loaded only on pages with charts. */
(function () {
  "use strict";

  var PALETTE = ["#5b45e0", "#ff7a59", "#16a085", "#2463c7", "#e0a100", "#c8283c", "#8e44ad", "#7f8c8d"];
  var BRAND = "#5b45e0";
  var GRID = "#eceef5";
  var TICK = "#6b7089";

  function compact(n) {
    if (n === null || n === undefined) return "—";
    var abs = Math.abs(n);
    var units = [[1e9, "B"], [1e6, "M"], [1e3, "k"]];
    for (var i = 0; i < units.length; i++) {
      if (abs >= units[i][0]) return (n / units[i][0]).toFixed(1).replace(/\.0$/, "") + units[i][1];
    }
    return String(Math.round(n));
  }

  function pct(x, digits) {
    return (x * 100).toFixed(digits === undefined ? 0 : digits) + "%";
  }

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  /* The one date format of every page (core/dates.py): "4 Dec 2026". Spelled out, not toLocaleDateString,
     whose month names vary by browser ("Sep" / "Sept"). */
  function shortDate(iso) {
    var d = new Date(iso.length <= 10 ? iso + "T00:00:00Z" : iso.length <= 19 ? iso + "Z" : iso);
    if (isNaN(d)) return iso.slice(0, 10);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  /* ---------- Charts ---------- */

  function readChartData() {
    var el = document.getElementById("chart-data");
    if (!el) return null;
    try {
      return JSON.parse(el.textContent);
    } catch (e) {
      return null;
    }
  }

  function baseOptions() {
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduce ? false : { duration: 400 },
      plugins: {
        legend: { display: false },
        tooltip: { backgroundColor: "#1d2033", padding: 10, cornerRadius: 8, displayColors: false },
      },
    };
  }

  function markRendered(canvas, chart) {
    canvas.setAttribute("data-rendered", "1");
    canvas._chart = chart;
  }

  function renderFollowers(Chart, data) {
    var canvas = document.getElementById("followers-chart");
    if (!canvas || !data.followers || !data.followers.length) return;
    var labels = data.followers.map(function (p) { return shortDate(p[0]); });
    var values = data.followers.map(function (p) { return p[1]; });
    var ctx = canvas.getContext("2d");
    var gradient = ctx.createLinearGradient(0, 0, 0, canvas.clientHeight || 260);
    gradient.addColorStop(0, "rgba(91, 69, 224, 0.22)");
    gradient.addColorStop(1, "rgba(91, 69, 224, 0)");
    var opts = baseOptions();
    opts.interaction = { mode: "index", intersect: false };
    opts.plugins.tooltip.callbacks = {
      label: function (c) { return c.parsed.y.toLocaleString("en-GB") + " followers"; },
    };
    opts.scales = {
      x: { grid: { display: false }, ticks: { color: TICK, maxTicksLimit: 6, maxRotation: 0 } },
      y: { grid: { color: GRID }, border: { display: false }, ticks: { color: TICK, maxTicksLimit: 5, callback: compact } },
    };
    var chart = new Chart(canvas, {
      type: "line",
      data: {
        labels: labels,
        datasets: [{
          data: values, borderColor: BRAND, backgroundColor: gradient, fill: true, tension: 0.3,
          borderWidth: 2, pointRadius: values.length > 40 ? 0 : 2.5, pointHoverRadius: 4, pointBackgroundColor: BRAND,
        }],
      },
      options: opts,
    });
    markRendered(canvas, chart);
  }

  function renderEngagement(Chart, data) {
    var canvas = document.getElementById("engagement-chart");
    if (!canvas || !data.posts || !data.posts.length) return;
    var posts = data.posts.slice().reverse(); // oldest → newest, left → right
    var opts = baseOptions();
    opts.plugins.tooltip.callbacks = {
      title: function (items) { return "Post of " + shortDate(posts[items[0].dataIndex].at); },
      label: function (c) {
        var p = posts[c.dataIndex];
        var lines = [(p.engagements === null ? "—" : p.engagements.toLocaleString("en-GB")) + " engagements"];
        if (p.views) lines.push(p.views.toLocaleString("en-GB") + " views");
        return lines;
      },
    };
    opts.scales = {
      x: { grid: { display: false }, ticks: { color: TICK, maxTicksLimit: 6, maxRotation: 0 } },
      y: { grid: { color: GRID }, border: { display: false }, ticks: { color: TICK, maxTicksLimit: 5, callback: compact } },
    };
    var chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: posts.map(function (p) { return shortDate(p.at); }),
        datasets: [{
          data: posts.map(function (p) { return p.engagements; }),
          backgroundColor: "rgba(91, 69, 224, 0.78)", hoverBackgroundColor: BRAND, borderRadius: 5, maxBarThickness: 28,
        }],
      },
      options: opts,
    });
    markRendered(canvas, chart);
  }

  function entries(obj) {
    return Object.keys(obj || {}).map(function (k) { return [k, obj[k]]; });
  }

  function shareScale(axis) {
    var s = { grid: { color: GRID }, border: { display: false }, ticks: { color: TICK, maxTicksLimit: 5, callback: function (v) { return pct(v); } } };
    s.beginAtZero = true;
    return s;
  }

  function renderAudience(Chart, aud) {
    if (!aud) return;
    var shareTip = { label: function (c) { return pct(c.raw, 1); } };

    var age = document.getElementById("age-chart");
    if (age && aud.age_bands) {
      var bands = entries(aud.age_bands);
      var opts = baseOptions();
      opts.plugins.tooltip.callbacks = shareTip;
      opts.scales = { x: { grid: { display: false }, ticks: { color: TICK } }, y: shareScale() };
      markRendered(age, new Chart(age, {
        type: "bar",
        data: { labels: bands.map(function (e) { return e[0]; }),
          datasets: [{ data: bands.map(function (e) { return e[1]; }), backgroundColor: BRAND, borderRadius: 5, maxBarThickness: 34 }] },
        options: opts,
      }));
    }

    var gender = document.getElementById("gender-chart");
    if (gender && aud.genders) {
      var g = entries(aud.genders);
      var gOpts = baseOptions();
      gOpts.cutout = "62%";
      gOpts.plugins.legend = { display: true, position: "bottom", labels: { boxWidth: 10, boxHeight: 10, color: TICK, usePointStyle: true } };
      gOpts.plugins.tooltip.callbacks = { label: function (c) { return " " + c.label + ": " + pct(c.raw, 1); } };
      markRendered(gender, new Chart(gender, {
        type: "doughnut",
        data: { labels: g.map(function (e) { return e[0].charAt(0).toUpperCase() + e[0].slice(1); }),
          datasets: [{ data: g.map(function (e) { return e[1]; }), backgroundColor: ["#ff7a59", "#5b45e0", "#9aa0b8", "#16a085"], borderWidth: 2, borderColor: "#fff" }] },
        options: gOpts,
      }));
    }

    var country = document.getElementById("country-chart");
    if (country && aud.countries) {
      var c = entries(aud.countries).sort(function (a, b) { return b[1] - a[1]; }).slice(0, 6);
      var cOpts = baseOptions();
      cOpts.indexAxis = "y";
      cOpts.plugins.tooltip.callbacks = shareTip;
      cOpts.scales = { x: shareScale(), y: { grid: { display: false }, ticks: { color: TICK } } };
      markRendered(country, new Chart(country, {
        type: "bar",
        data: { labels: c.map(function (e) { return e[0]; }),
          datasets: [{ data: c.map(function (e) { return e[1]; }), backgroundColor: BRAND, borderRadius: 5, maxBarThickness: 22 }] },
        options: cOpts,
      }));
    }
  }

  function renderCharts() {
    var data = readChartData();
    if (!data) return;
    var Chart = window.Chart;
    if (!Chart) {
      document.querySelectorAll("canvas[data-testid$='-chart']").forEach(function (c) {
        c.setAttribute("data-rendered", "error");
      });
      return;
    }
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.font.size = 12;
    Chart.defaults.color = TICK;
    var steps = [
      function () { renderFollowers(Chart, data); },
      function () { renderEngagement(Chart, data); },
      function () { renderAudience(Chart, data.audience); },
    ];
    steps.forEach(function (step) {
      try { step(); } catch (e) { if (window.console) console.error("chart failed", e); }
    });
  }

  /* ---------- Confirm dialogs: <form data-confirm="message" data-confirm-title=".." data-confirm-ok=".."> ---------- */

  function setupConfirm() {
    var dialog = document.getElementById("confirm-dialog");
    document.addEventListener("submit", function (ev) {
      var form = ev.target;
      if (!form.matches || !form.matches("form[data-confirm]")) return;
      if (form.dataset.confirmed === "1") return;
      ev.preventDefault();
      var message = form.getAttribute("data-confirm");
      if (!dialog || typeof dialog.showModal !== "function") {
        if (window.confirm(message)) { form.dataset.confirmed = "1"; form.submit(); }
        return;
      }
      dialog.querySelector("#confirm-title").textContent = form.getAttribute("data-confirm-title") || "Are you sure?";
      dialog.querySelector("#confirm-message").textContent = message;
      dialog.querySelector("#confirm-ok").textContent = form.getAttribute("data-confirm-ok") || "Delete";
      dialog.returnValue = "";
      dialog.onclose = function () {
        if (dialog.returnValue === "confirm") {
          form.dataset.confirmed = "1";
          form.submit();
        }
      };
      dialog.showModal();
      dialog.querySelector("[value=cancel]").focus();
    });
  }

  /* ---------- Copy buttons: <button data-copy="#id"> ---------- */

  function setupCopy() {
    document.querySelectorAll("[data-copy]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var target = document.querySelector(btn.getAttribute("data-copy"));
        if (!target) return;
        var text = (target.value !== undefined ? target.value : target.textContent).trim();
        var done = function () {
          var label = btn.querySelector("[data-copy-label]") || btn;
          var old = label.textContent;
          label.textContent = "Copied";
          btn.setAttribute("data-copied", "1");
          setTimeout(function () { label.textContent = old; }, 1800);
        };
        var fallback = function () {
          var range = document.createRange();
          range.selectNodeContents(target);
          var sel = window.getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
          try { document.execCommand("copy"); } catch (e) { /* the text stays selected for Ctrl+C */ }
          done();
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, fallback);
        } else {
          fallback();
        }
      });
    });
  }

  /* ---------- Creators list: percent inputs, clean URLs, clickable rows ---------- */

  function setupFilters() {
    var form = document.querySelector("form[data-filter-form]");
    if (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("[data-percent-for]").forEach(function (input) {
          var hidden = form.querySelector("input[name='" + input.getAttribute("data-percent-for") + "']");
          if (!hidden) return;
          var raw = input.value.trim().replace(",", ".").replace("%", "");
          var n = parseFloat(raw);
          hidden.value = raw === "" || isNaN(n) ? "" : String(Math.round(n * 1e4) / 1e6);
        });
        // Keep the address bar readable: send only filters that have a value.
        form.querySelectorAll("input[name], select[name]").forEach(function (el) {
          if (el.value === "") el.disabled = true;
        });
        var sort = form.querySelector("[name=sort]");
        var order = form.querySelector("[name=order]");
        if (sort && order && sort.value === "followers" && order.value === "desc") {
          sort.disabled = true;
          order.disabled = true;
        }
      });
      // Re-enable fields if the user comes back with the back button (bfcache).
      window.addEventListener("pageshow", function () {
        form.querySelectorAll("[disabled]").forEach(function (el) { el.disabled = false; });
      });
    }
    // On phones the advanced filters fold away unless one of them is in use.
    var small = window.matchMedia ? window.matchMedia("(max-width: 760px)") : null;
    document.querySelectorAll("details[data-collapse-small]").forEach(function (d) {
      var sync = function () {
        if (!small || !small.matches) d.open = true;
        else if (!d.hasAttribute("data-keep-open")) d.open = false;
      };
      sync();
      if (small && small.addEventListener) small.addEventListener("change", sync);
    });
    document.querySelectorAll("tr[data-href]").forEach(function (tr) {
      tr.addEventListener("click", function (ev) {
        if (ev.target.closest("a, button, input, select, label")) return;
        if (window.getSelection && String(window.getSelection()).length) return;
        window.location.href = tr.getAttribute("data-href");
      });
    });
  }

  /* ---------- Long form posts: <form data-busy> shows its [data-busy-note] with a progress bar that fills over the
     form's time limit (its select[name=time_limit], plus a little for loading), and disables the button ---------- */
  function setupBusyForms() {
    document.querySelectorAll("form[data-busy]").forEach(function (form) {
      form.addEventListener("submit", function () {
        var note = form.querySelector("[data-busy-note]");
        var button = form.querySelector("button[type=submit]");
        if (button) setTimeout(function () { button.disabled = true; }, 0);
        if (!note) return;
        note.hidden = false;
        var bar = note.querySelector("progress");
        var limit = form.querySelector("[name=time_limit]");
        var total = (limit ? Number(limit.value) || 5 : 5) * 2 + 3;  // the plan and the comparison both solve
        var started = Date.now();
        if (!bar) return;
        var tick = setInterval(function () {
          var done = Math.min((Date.now() - started) / 1000 / total, 0.97);
          bar.value = Math.round(done * 100);
          if (done >= 0.97) clearInterval(tick);
        }, 200);
      });
    });
  }

  /* A plan's first answer asks for the rest of the solver's time as soon as the page shows it. */
  function setupProveOnLoad() {
    document.querySelectorAll("form[data-prove-on-load]").forEach(function (form) {
      if (form.requestSubmit) form.requestSubmit();
    });
  }

  /* ---------- Auto-submitting selects: <select data-autosubmit> ---------- */

  function setupAutoSubmit() {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (sel) {
      sel.addEventListener("change", function () {
        var form = sel.form;
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      });
      var btn = sel.form && sel.form.querySelector("[data-autosubmit-button]");
      if (btn) btn.hidden = true;
    });
  }

  /* ---------- Share totals on the brand form: <div data-share-group> with inputs, <span data-share-total> ---------- */

  function setupShareTotals() {
    document.querySelectorAll("[data-share-group]").forEach(function (group) {
      var out = group.querySelector("[data-share-total]");
      if (!out) return;
      var update = function () {
        var sum = 0;
        group.querySelectorAll("input").forEach(function (i) { var n = parseFloat(i.value); if (!isNaN(n)) sum += n; });
        out.textContent = (Math.round(sum * 10) / 10) + "%";
        out.classList.toggle("delta-down", sum > 100.01);
      };
      group.addEventListener("input", update);
      update();
    });
  }

  /* ---------- Keep the current account tab in view when the tab strip scrolls sideways ---------- */

  function revealCurrentTab() {
    var tab = document.querySelector(".tabs [aria-current=page]");
    if (!tab) return;
    var strip = tab.parentElement;
    if (tab.offsetLeft + tab.offsetWidth > strip.clientWidth) strip.scrollLeft = tab.offsetLeft - 8;
  }

  /* ---------- Creator profile: Authenticity charts (follower history with jumps, ER vs peers) ---------- */

  function renderAuthenticityCharts() {
    var el = document.getElementById("authenticity-data");
    if (!el || !window.Chart) return;
    var data = JSON.parse(el.textContent);
    var TICK = "#6b7089", GRID = "#eceef5";
    function day(iso) { return iso.slice(0, 10); }
    function compact(n) { var a = Math.abs(n); return a >= 1e6 ? (n / 1e6).toFixed(1) + "M" : a >= 1e3 ? (n / 1e3).toFixed(1) + "k" : String(Math.round(n)); }
    var fc = document.getElementById("auth-followers-chart");
    if (fc && data.series && data.series.length > 1) {
      var line = data.series.map(function (p) { return { x: day(p[0]), y: p[1] }; });
      var bad = [], good = [];
      (data.spikes || []).forEach(function (s) { (s.explained ? good : bad).push({ x: day(s.at), y: s.followers, pct: s.gain_pct }); });
      var chart = new Chart(fc, {
        type: "line",
        data: { labels: line.map(function (p) { return p.x; }), datasets: [
          { label: "Followers", data: line, parsing: false, borderColor: "#5b45e0", borderWidth: 2, pointRadius: 0, tension: 0.2 },
          { label: "Unexplained jump", type: "scatter", data: bad, parsing: false, pointRadius: 7, pointBackgroundColor: "#c8283c", pointBorderColor: "#fff", pointBorderWidth: 2 },
          { label: "Jump explained by a viral post", type: "scatter", data: good, parsing: false, pointRadius: 6, pointBackgroundColor: "#16a085", pointBorderColor: "#fff", pointBorderWidth: 2 }
        ] },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
          scales: { x: { type: "category", grid: { display: false }, ticks: { color: TICK, maxTicksLimit: 6, maxRotation: 0,
                                   callback: function (v) { return shortDate(this.getLabelForValue(v)); } } },
                    y: { grid: { color: GRID }, ticks: { color: TICK, maxTicksLimit: 5, callback: compact } } },
          plugins: { legend: { display: false }, tooltip: { callbacks: { title: function (items) { return shortDate(items[0].raw.x); }, label: function (c) {
            var v = c.raw.y.toLocaleString("en-GB") + " followers";
            return c.raw.pct !== undefined ? c.dataset.label + ": " + v + " (" + (c.raw.pct > 0 ? "+" : "") + Math.round(c.raw.pct * 100) + "%)" : v;
          } } } } }
      });
      fc.setAttribute("data-rendered", "1"); fc._chart = chart;
    }
    var ec = document.getElementById("auth-engagement-chart");
    if (ec && data.engagement) {
      var e = data.engagement, labels = ["This account"], values = [e.value], colours = ["#5b45e0"];
      if (e.peers) { labels.push("Peers: 10th pct", "Peers: median", "Peers: 90th pct"); values.push(e.peers.p10, e.peers.p50, e.peers.p90); colours.push("#c5cbe0", "#9aa0b8", "#c5cbe0"); }
      if (e.benchmark) { labels.push("Published average"); values.push(e.benchmark); colours.push("#ff7a59"); }
      var chart2 = new Chart(ec, { type: "bar",
        data: { labels: labels, datasets: [{ data: values, backgroundColor: colours, borderRadius: 5, maxBarThickness: 26 }] },
        options: { indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
          scales: { x: { beginAtZero: true, grid: { color: GRID }, ticks: { color: TICK, callback: function (v) { return (v * 100).toFixed(1) + "%"; } } },
                    y: { grid: { display: false }, ticks: { color: TICK } } },
          plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (c) { return (c.raw * 100).toFixed(2) + "%"; } } } } } });
      ec.setAttribute("data-rendered", "1"); ec._chart = chart2;
    }
  }

  /* ---------- Campaign report: delivery over time, spend vs results per creator, views by format ---------- */

  /* The Plan page: people reached and forecast engagements of each way to spend the budget. */
  function renderPlanChart() {
    var el = document.getElementById("plan-data");
    var canvas = document.getElementById("comparison-chart");
    if (!el || !canvas || !window.Chart) return;
    var data = JSON.parse(el.textContent);
    var options = data.options || [];
    var opts = baseOptions();
    opts.plugins.legend = { display: true, position: "bottom", labels: { boxWidth: 12, color: TICK } };
    opts.plugins.tooltip.displayColors = true;
    opts.plugins.tooltip.callbacks = { afterBody: function (items) {
      var o = options[items[0].dataIndex];
      return [o.creators + " creator(s), cost " + data.currency + Number(o.cost).toLocaleString("en-GB"),
              o.cost_per_person ? data.currency + o.cost_per_person.toFixed(3) + " per person reached" : ""];
    } };
    var axis = function (title, side) {
      return { position: side, beginAtZero: true, grid: { color: side === "left" ? GRID : "transparent" }, border: { display: false },
               title: { display: true, text: title, color: TICK }, ticks: { color: TICK, maxTicksLimit: 5, callback: compact } };
    };
    opts.scales = { x: { grid: { display: false }, ticks: { color: TICK } }, y: axis("People reached", "left"), y1: axis("Engagements", "right") };
    var engagements = function (o) { return o.forecast.engagements ? o.forecast.engagements.expected : 0; };
    markRendered(canvas, new Chart(canvas, { type: "bar", options: opts, data: {
      labels: options.map(function (o) { return o.label; }),
      datasets: [
        { label: "People reached in the target audience", data: options.map(function (o) { return o.people_reached; }), backgroundColor: BRAND, borderRadius: 6, yAxisID: "y" },
        { label: "Engagements (forecast)", data: options.map(engagements), backgroundColor: "#ff7a59", borderRadius: 6, yAxisID: "y1" },
      ] } }));
  }

  function renderReportCharts() {
    var el = document.getElementById("report-data");
    if (!el || !window.Chart) return;
    var data = JSON.parse(el.textContent);
    var axis = { grid: { color: GRID }, border: { display: false }, ticks: { color: TICK, maxTicksLimit: 5, callback: compact } };
    var dc = document.getElementById("delivery-chart");
    if (dc && data.delivery && data.delivery.length) {
      var series = [["views", "Views", BRAND], ["reach", "Reach (sum of post reach)", "#ff7a59"], ["impressions", "Impressions", "#16a085"]];
      var opts = baseOptions();
      opts.interaction = { mode: "index", intersect: false };
      opts.plugins.legend = { display: true, position: "bottom", labels: { boxWidth: 12, color: TICK } };
      opts.plugins.tooltip.displayColors = true;
      opts.plugins.tooltip.callbacks = { label: function (c) { return c.dataset.label + ": " + c.parsed.y.toLocaleString("en-GB"); } };
      opts.scales = { x: { grid: { display: false }, ticks: { color: TICK, maxTicksLimit: 7, maxRotation: 0 } }, y: axis };
      markRendered(dc, new Chart(dc, { type: "line", options: opts, data: {
        labels: data.delivery.map(function (p) { return shortDate(p.day); }),
        datasets: series.map(function (s) {
          return { label: s[1], data: data.delivery.map(function (p) { return p[s[0]]; }), borderColor: s[2], backgroundColor: s[2],
                   borderWidth: 2, tension: 0.25, stepped: false, pointRadius: data.delivery.length > 30 ? 0 : 2.5 };
        }) } }));
    }
    var sc = document.getElementById("spend-chart");
    var paid = (data.creators || []).filter(function (c) { return c.cost !== null && c.engagements !== null; });
    if (sc && paid.length) {
      var so = baseOptions();
      so.plugins.tooltip.callbacks = { label: function (c) {
        var p = paid[c.dataIndex];
        return [p.label, "Cost " + Number(p.cost).toLocaleString("en-GB") + " " + data.currency,
                p.engagements.toLocaleString("en-GB") + " engagements", (p.views === null ? "—" : p.views.toLocaleString("en-GB")) + " views"];
      } };
      so.scales = { x: { beginAtZero: true, grid: { color: GRID }, border: { display: false },
                         title: { display: true, text: "Cost (" + data.currency + ")", color: TICK }, ticks: { color: TICK, maxTicksLimit: 6, callback: compact } },
                    y: { beginAtZero: true, grid: { color: GRID }, border: { display: false },
                         title: { display: true, text: "Engagements", color: TICK }, ticks: { color: TICK, maxTicksLimit: 5, callback: compact } } };
      var top = Math.max.apply(null, paid.map(function (p) { return p.views || 0; })) || 1;
      markRendered(sc, new Chart(sc, { type: "bubble", options: so, data: { datasets: [{
        data: paid.map(function (p) { return { x: Number(p.cost), y: p.engagements, r: 4 + 14 * Math.sqrt((p.views || 0) / top) }; }),
        backgroundColor: "rgba(91, 69, 224, 0.35)", borderColor: BRAND, borderWidth: 1.5 }] } }));
    }
    var cc = document.getElementById("creator-chart");
    var people = data.by_creator || [];
    if (cc && people.length) {
      var co = baseOptions();
      co.indexAxis = "y";
      co.plugins.legend = { display: true, position: "bottom", labels: { boxWidth: 12, color: TICK } };
      co.plugins.tooltip.displayColors = true;
      co.plugins.tooltip.callbacks = { label: function (c) { return c.dataset.label + ": " + (c.parsed.x === null ? "—" : c.parsed.x.toLocaleString("en-GB")); } };
      co.scales = { x: { beginAtZero: true, grid: { color: GRID }, border: { display: false }, ticks: { color: TICK, maxTicksLimit: 5, callback: compact } },
                    y: { grid: { display: false }, ticks: { color: TICK, autoSkip: false } } };
      markRendered(cc, new Chart(cc, { type: "bar", options: co, data: {
        labels: people.map(function (p) { return p.label; }),
        datasets: [
          { label: "Views", data: people.map(function (p) { return p.views; }), backgroundColor: "rgba(91, 69, 224, 0.78)", borderRadius: 4, maxBarThickness: 14 },
          { label: "Engagements", data: people.map(function (p) { return p.engagements; }), backgroundColor: "#ff7a59", borderRadius: 4, maxBarThickness: 14 }] } }));
    }
    var vc = document.getElementById("forecast-chart");
    var done = (data.forecasts || []).map(function (d) {
      var v = (d.metrics || []).filter(function (m) { return m.metric === "views" && m.actual !== null; })[0];
      return d.finished && v ? { label: "@" + d.handle + " · " + d.count + "× " + d.format, m: v } : null;
    }).filter(Boolean);
    if (vc && done.length) {
      var vo = baseOptions();
      vo.plugins.legend = { display: true, position: "bottom", labels: { boxWidth: 12, color: TICK } };
      vo.plugins.tooltip.displayColors = true;
      vo.plugins.tooltip.callbacks = { label: function (c) {
        var m = done[c.dataIndex].m;
        return c.datasetIndex === 0 ? "Forecast " + Math.round(m.low).toLocaleString("en-GB") + "–" + Math.round(m.high).toLocaleString("en-GB") + " views"
                                    : "Actual " + Math.round(m.actual).toLocaleString("en-GB") + " views";
      } };
      vo.scales = { x: { grid: { display: false }, ticks: { color: TICK, maxRotation: 0, autoSkip: true } }, y: axis };
      markRendered(vc, new Chart(vc, { type: "bar", options: vo, data: {
        labels: done.map(function (d) { return d.label; }),
        datasets: [
          { label: "Forecast interval (views)", data: done.map(function (d) { return [d.m.low, d.m.high]; }),
            backgroundColor: "rgba(91, 69, 224, 0.22)", borderColor: BRAND, borderWidth: 1, borderRadius: 4, maxBarThickness: 36 },
          { label: "Actual views", type: "scatter", data: done.map(function (d, i) { return { x: d.label, y: d.m.actual }; }),
            pointRadius: 6, pointBackgroundColor: "#ff7a59", pointBorderColor: "#fff", pointBorderWidth: 2 }] } }));
    }
    var fc = document.getElementById("format-chart");
    var formats = (data.formats || []).filter(function (f) { return f.views; });
    if (fc && formats.length) {
      var fo = baseOptions();
      fo.cutout = "62%";
      fo.plugins.legend = { display: true, position: "right", labels: { boxWidth: 12, color: TICK } };
      fo.plugins.tooltip.callbacks = { label: function (c) { return c.label + ": " + c.parsed.toLocaleString("en-GB") + " views"; } };
      markRendered(fc, new Chart(fc, { type: "doughnut", options: fo, data: {
        labels: formats.map(function (f) { return f.label; }),
        datasets: [{ data: formats.map(function (f) { return f.views; }), backgroundColor: PALETTE, borderWidth: 0 }] } }));
    }
  }

  /* ---------- Range inputs with data-shows-value write their value into the next element ---------- */

  function setupRangeValues() {
    document.addEventListener("input", function (e) {
      var el = e.target;
      if (el.matches && el.matches("input[data-shows-value]") && el.nextElementSibling) {
        el.nextElementSibling.textContent = el.value;
      }
    });
  }

  /* ---------- "Go back" links: history.back() from a listener, as the CSP forbids javascript: URLs ---------- */

  function setupHistoryBack() {
    document.addEventListener("click", function (e) {
      var link = e.target.closest && e.target.closest("[data-history-back]");
      if (link && window.history.length > 1) {
        e.preventDefault();
        window.history.back();
      }
    });
  }

  /* ---------- HTMX: a 409/422 reply to an element marked data-swap-errors is shown (it explains the problem) ---------- */

  function setupSwapErrors() {
    document.addEventListener("htmx:beforeSwap", function (e) {
      var status = e.detail.xhr.status;
      var elt = e.detail.requestConfig && e.detail.requestConfig.elt;
      if ((status === 409 || status === 422) && elt && elt.closest && elt.closest("[data-swap-errors]")) {
        e.detail.shouldSwap = true;
        e.detail.isError = false;
      }
    });
  }

  /* ---------- A form re-rendered with errors far down the page: bring them into view, next to the form ---------- */

  function revealErrors() {
    var el = document.querySelector("[data-reveal]");
    if (!el) return;
    el.scrollIntoView({ block: "center" });
    el.focus({ preventScroll: true });
  }

  function init() {
    setupConfirm();
    setupHistoryBack();
    setupCopy();
    setupFilters();
    setupAutoSubmit();
    setupBusyForms();
    setupProveOnLoad();
    setupShareTotals();
    revealCurrentTab();
    renderCharts();
    renderAuthenticityCharts();
    renderReportCharts();
    renderPlanChart();
    setupRangeValues();
    setupSwapErrors();
    revealErrors();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
