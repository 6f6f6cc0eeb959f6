/// The console's stylesheet and script, served from the binary: nothing comes from outside the intranet.
enum ConsoleAssets {
    static let css = """
    :root { --green: #2e9d4b; --yellow: #e0b000; --red: #d2352b; --none: #dfe6ee; }
    * { box-sizing: border-box; }
    body { margin: 0; font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #1c2733; background: #f5f7fa; }
    header { display: flex; flex-wrap: wrap; gap: .6em 1.2em; align-items: center; padding: .6em 1em; background: #14375e; color: #fff; }
    header h1 { font-size: 1.15em; margin: 0; }
    header a { color: #fff; } nav a { margin-right: .8em; }
    form.inline { display: inline; }
    .live { color: #9fb3c8; } .live.on { color: #7CFC9A; }
    main { padding: 1em; }
    svg#map { width: 100%; max-height: 78vh; background: #fff; border: 1px solid #ccd6e0; }
    svg#map polygon { stroke: #14375e; stroke-width: 1.5; }
    svg#map text { font-size: 14px; text-anchor: middle; dominant-baseline: middle; pointer-events: none; }
    .shade-none { fill: var(--none); background: var(--none); } .shade-green { fill: var(--green); background: var(--green); }
    .shade-yellow { fill: var(--yellow); background: var(--yellow); } .shade-red { fill: var(--red); background: var(--red); }
    polygon.shade-green, polygon.shade-yellow, polygon.shade-red { fill-opacity: .55; }
    .legend { list-style: none; display: flex; gap: 1em; padding: 0; } .legend li { padding: .1em .6em; border-radius: .3em; }
    .dot { display: inline-block; width: .8em; height: .8em; border-radius: 50%; }
    table { border-collapse: collapse; width: 100%; background: #fff; } th, td { border-bottom: 1px solid #e3e8ee; padding: .35em .5em; text-align: left; }
    .filters { display: flex; flex-wrap: wrap; gap: .5em 1em; margin-bottom: .8em; }
    .error { color: #b3261e; font-weight: bold; } .answer.ok { color: #1e7a35; font-weight: bold; }
    .actions { display: flex; flex-direction: column; gap: .5em; } .actions form { display: flex; flex-wrap: wrap; gap: .4em; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3em 1em; }
    dl.facts dt { font-weight: bold; } dl.facts dd { margin: 0; }
    .scroll { overflow-x: auto; } #evaluation td, #evaluation th { white-space: nowrap; } #evaluation tfoot td { font-weight: bold; }
    svg.spark polyline { fill: none; stroke: #14375e; stroke-width: 1.5; } svg.spark circle { fill: #14375e; }
    svg#map .marker circle { stroke: #fff; stroke-width: 2; } svg#map .marker.alarm circle { fill: #d2352b; }
    svg#map .marker.welfare circle { fill: #2e7dd2; } svg#map .marker.maintenance circle { fill: #6b7785; }
    .legend .marker-alarm { color: #d2352b; } .legend .marker-welfare { color: #2e7dd2; } .legend .marker-maintenance { color: #6b7785; }
    .silent td { color: #b3261e; } .state-alarm { color: #d2352b; font-weight: bold; }
    .vote-agree { fill: #2e9d4b; } .vote-disagree { fill: #d2352b; } .vote-abstain { fill: #9fb3c8; }
    .rung-grid { fill: #2e7dd2; } .rung-community { fill: #2e9d4b; } .rung-street { fill: #e0b000; } .rung-district { fill: #8e44ad; }
    .signin { display: flex; flex-direction: column; gap: .8em; max-width: 22em; }
    @media (max-width: 640px) {
      header { font-size: .9em; } main { padding: .5em; }
      #cases th:nth-child(4), #cases td:nth-child(4), #cases th:nth-child(7), #cases td:nth-child(7) { display: none; }
    }
    """

    /// Live pages: on each change the board announces (Server-Sent Events from `/live`), the page fetches its own
    /// `<main>` again (from `data-src`: after an action, the case's page) and swaps it in — also once the stream opens,
    /// for anything that changed before it did.
    static let javascript = """
    (function () {
      var main = document.getElementById('main');
      if (!main || main.getAttribute('data-live') !== '1' || !window.EventSource) return;
      var badge = document.getElementById('live');
      var busy = false, again = false;
      function refresh() {
        if (busy) { again = true; return; }
        busy = true;
        fetch(main.getAttribute('data-src') || location.href, { headers: { 'X-Console-Fragment': 'main' }, credentials: 'same-origin' })
          .then(function (r) { return r.ok ? r.text() : null; })
          .then(function (html) { if (html !== null) main.innerHTML = html; })
          .catch(function () {})
          .then(function () { busy = false; if (again) { again = false; refresh(); } });
      }
      var source = new EventSource('/live');
      source.addEventListener('change', refresh);
      source.onopen = function () { if (badge) badge.classList.add('on'); refresh(); };
      source.onerror = function () { if (badge) badge.classList.remove('on'); };
      var every = parseInt(main.getAttribute('data-poll'), 10);
      if (every > 0) setInterval(refresh, every * 1000);
    })();
    """
}
