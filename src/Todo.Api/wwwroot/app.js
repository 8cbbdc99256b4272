// TodoMVC-style client of the Todo-Backend API served next to this page. No build step, no dependencies.
"use strict";

const api = "todos";
// The collection is read a page at a time, so that no request asks the API for all of it at once.
const pageSize = 100;
let todos = [];

const $ = (id) => document.getElementById(id);

function currentFilter() {
  const hash = location.hash.replace(/^#\/?/, "");
  return hash === "active" || hash === "completed" ? hash : "all";
}

function showError(message) {
  const error = $("error");
  error.textContent = message;
  error.hidden = !message;
}

// Requests go to this page's own origin: a todo's path is built from its id rather than taken from its absolute `url`.
const itemUrl = (todo) => `${api}/${encodeURIComponent(todo.id)}`;

async function send(url, options = {}) {
  const response = await fetch(url, {
    ...options,
    headers: options.body ? { "Content-Type": "application/json", ...options.headers } : options.headers,
  });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const problem = await response.json();
      detail = problem.detail || problem.title || detail;
    } catch {
      // Not a ProblemDetails body: keep the status text.
    }
    throw new Error(`${response.status}: ${detail}`);
  }
  showError("");
  return response;
}

async function request(url, options = {}) {
  const response = await send(url, options);
  return response.status === 204 ? null : response.json();
}

// The next page named by a `Link: <...>; rel="next"` header, on this page's origin; null on the last page.
function nextPage(link) {
  const match = link && /<([^>]*)>\s*;\s*rel="next"/.exec(link);
  return match ? `${api}${new URL(match[1], location.href).search}` : null;
}

async function fetchAll() {
  const all = [];
  let url = `${api}?limit=${pageSize}`;
  while (url) {
    const response = await send(url);
    all.push(...(await response.json()));
    url = nextPage(response.headers.get("Link"));
  }
  return all;
}

// The user's changes are sent one after another, in the order they were made: two todos added in quick succession
// would otherwise race, and the second could be created first.
let changes = Promise.resolve();

function run(action) {
  changes = changes.then(async () => {
    try {
      await action();
    } catch (e) {
      showError(e.message);
    }
    await refresh();
  });
  return changes;
}

async function refresh() {
  try {
    todos = await fetchAll();
  } catch (e) {
    showError(e.message);
  }
  render();
}

function render() {
  const filter = currentFilter();
  const visible = todos.filter((t) => filter === "all" || (filter === "completed") === t.completed);
  const list = $("todo-list");
  list.replaceChildren(...visible.map(renderItem));

  const active = todos.filter((t) => !t.completed).length;
  $("todo-count").textContent = `${active} ${active === 1 ? "item" : "items"} left`;
  $("toggle-all").checked = todos.length > 0 && active === 0;
  $("clear-completed").hidden = todos.length === active;
  document.querySelector(".main").hidden = todos.length === 0;
  document.querySelector(".footer").hidden = todos.length === 0;
  for (const link of document.querySelectorAll(".filters a")) {
    link.classList.toggle("selected", link.dataset.filter === filter);
  }
}

function renderItem(todo) {
  const item = document.createElement("li");
  item.dataset.id = todo.id;
  item.classList.toggle("completed", todo.completed);

  const view = document.createElement("div");
  view.className = "view";
  const toggle = document.createElement("input");
  toggle.className = "toggle";
  toggle.type = "checkbox";
  toggle.checked = todo.completed;
  toggle.addEventListener("change", () =>
    run(() => request(itemUrl(todo), { method: "PATCH", body: JSON.stringify({ completed: toggle.checked }) })));
  const label = document.createElement("label");
  label.textContent = todo.title;
  label.addEventListener("dblclick", () => startEditing(item, todo));
  const destroy = document.createElement("button");
  destroy.className = "destroy";
  destroy.type = "button";
  destroy.setAttribute("aria-label", `Delete ${todo.title}`);
  destroy.addEventListener("click", () => run(() => request(itemUrl(todo), { method: "DELETE" })));
  view.append(toggle, label, destroy);
  item.append(view);
  return item;
}

function startEditing(item, todo) {
  item.classList.add("editing");
  const edit = document.createElement("input");
  edit.className = "edit";
  edit.value = todo.title;
  edit.maxLength = 500;
  let done = false;
  const finish = (save) => {
    if (done) {
      return;
    }
    done = true;
    const title = edit.value.trim();
    if (!save || title === todo.title) {
      render();
    } else if (title === "") {
      run(() => request(itemUrl(todo), { method: "DELETE" }));
    } else {
      run(() => request(itemUrl(todo), { method: "PATCH", body: JSON.stringify({ title }) }));
    }
  };
  edit.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      finish(true);
    } else if (e.key === "Escape") {
      finish(false);
    }
  });
  edit.addEventListener("blur", () => finish(true));
  item.append(edit);
  edit.focus();
}

$("new-todo-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const input = $("new-todo");
  const title = input.value.trim();
  if (title === "") {
    return;
  }
  input.value = "";
  run(() => request(api, { method: "POST", body: JSON.stringify({ title }) }));
});

$("toggle-all").addEventListener("change", (e) => {
  const completed = e.target.checked;
  run(() => Promise.all(todos
    .filter((t) => t.completed !== completed)
    .map((t) => request(itemUrl(t), { method: "PATCH", body: JSON.stringify({ completed }) }))));
});

$("clear-completed").addEventListener("click", () =>
  run(() => Promise.all(todos.filter((t) => t.completed).map((t) => request(itemUrl(t), { method: "DELETE" })))));

window.addEventListener("hashchange", render);
refresh();
