// Uploads: the form is sent with its CSRF token in the x-csrftoken header, and the reply page replaces this one.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-upload]")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const reply = await fetch(form.action, {method: "POST", body: new FormData(form), headers: {"x-csrftoken": form.elements.csrftoken.value}});
      const page = new DOMParser().parseFromString(await reply.text(), "text/html");
      document.querySelector("main").replaceWith(page.querySelector("main"));
      for (const again of document.querySelectorAll("form[data-upload]")) again.addEventListener("submit", () => window.location.reload());
    });
  }
});

// Progress of a planning run: the best cost found so far, streamed by the server (server-sent events).
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("progress");
  if (!box) return;
  const bar = document.getElementById("bar");
  const best = document.getElementById("best");
  const source = new EventSource(box.dataset.events);
  source.onmessage = (event) => {
    const snap = JSON.parse(event.data);
    bar.value = snap.pct;
    if (snap.best !== null) {
      best.textContent = best.dataset.text.replace("{cost}", snap.best.toLocaleString()).replace("{t}", snap.at);
    }
    if (snap.state !== "waiting" && snap.state !== "running") {
      source.close();
      window.location.reload();
    }
  };
});
