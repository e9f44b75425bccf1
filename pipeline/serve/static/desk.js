// Bản tin desk: keeps the open page in step with the project.
// Asks /status for a newer version (the server answers when something changed, or after
// 20 s), shows the build's progress, and when the project was read or built again swaps
// the page's main region for a fresh copy, unless someone is typing in a form.
"use strict";
(function () {
  const body = document.body;
  const statusUrl = body.dataset.status;
  let version = Number(body.dataset.version);
  const progress = document.getElementById("progress");
  let dirty = false;
  document.addEventListener("input", () => { dirty = true; });
  document.addEventListener("submit", () => { dirty = true; });

  async function refresh() {
    const response = await fetch(location.href, { headers: { "X-Desk": "refresh" } });
    if (!response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.getElementById("main");
    const main = document.getElementById("main");
    if (!fresh || !main || dirty) return;  // typed into a form while the page was fetched
    const active = document.activeElement && document.activeElement.id;
    main.innerHTML = fresh.innerHTML;
    body.dataset.version = page.body.dataset.version;
    if (active) {
      const again = document.getElementById(active);
      if (again) again.focus();
    }
  }

  async function poll() {
    for (;;) {
      try {
        const response = await fetch(`${statusUrl}?since=${version}`);
        const state = await response.json();
        if (progress && progress.textContent.trim() !== state.text) progress.textContent = state.text;
        if (progress) progress.classList.toggle("busy", state.building);
        if (state.version !== version) {
          version = state.version;
          if (!dirty) await refresh();
        }
      } catch (error) {
        await new Promise((resolve) => setTimeout(resolve, 2000));  // the server restarts
      }
    }
  }
  poll();
})();
