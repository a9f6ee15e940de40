/**
 * The dashboard's only door to gaitd: fetch against the same origin, with the bearer token when
 * the API asks for one (401 → ask once, keep it in sessionStorage for this tab). Responses are
 * read with camelCase keys whatever the API writes (snake_case file-format names or the
 * in-memory camelCase), so the views use the analysis' own field names.
 */
const TOKEN_KEY = 'gaitd.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function token(): string | undefined {
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function authHeaders(): Record<string, string> {
  const t = token();
  return t ? { authorization: `Bearer ${t}` } : {};
}

let asking: Promise<void> | undefined;

/** Shows the token dialog once however many requests were refused at the same time. */
export function askForToken(refused: boolean): Promise<void> {
  asking ??= new Promise<void>((resolve) => {
    const dialog = document.getElementById('token-dialog') as HTMLDialogElement;
    const form = document.getElementById('token-form') as HTMLFormElement;
    const input = document.getElementById('token-input') as HTMLInputElement;
    (document.getElementById('token-error') as HTMLElement).hidden = !refused;
    input.value = '';
    const done = (e: Event) => {
      e.preventDefault();
      if (!input.value.trim()) return;
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      form.removeEventListener('submit', done);
      dialog.close();
      asking = undefined;
      resolve();
    };
    form.addEventListener('submit', done);
    dialog.showModal();
    input.focus();
  });
  return asking;
}

/** fetch with the token; on 401 asks for a token and retries until the API accepts one. */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(path, { ...init, headers: { ...authHeaders(), ...(init.headers ?? {}) } });
    if (res.status !== 401) return res;
    const hadToken = token() !== undefined;
    sessionStorage.removeItem(TOKEN_KEY);
    await askForToken(hadToken || attempt > 0);
  }
}

async function failure(res: Response): Promise<ApiError> {
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { message?: string; error?: string };
    message = body.message ?? body.error ?? message;
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(res.status, message);
}

/** snake_case → camelCase keys, deeply (values untouched). */
export function camelize<T>(value: unknown): T {
  if (Array.isArray(value)) return value.map((v) => camelize(v)) as T;
  if (value === null || typeof value !== 'object') return value as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = camelize(v);
  return out as T;
}

export async function getJson<T>(path: string): Promise<T> {
  const res = await apiFetch(path, { headers: { accept: 'application/json' } });
  if (!res.ok) throw await failure(res);
  return camelize<T>(await res.json());
}

export async function postJson<T>(path: string, body: unknown = {}): Promise<T> {
  const res = await apiFetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw await failure(res);
  return camelize<T>(await res.json());
}

/** The list in a page answer: `items`, or the first array-valued field (e.g. `strides`). */
function pageItems<T>(page: Record<string, unknown>): T[] {
  if (Array.isArray(page)) return page as T[];
  if (Array.isArray(page.items)) return page.items as T[];
  const list = Object.values(page).find(Array.isArray);
  return (list as T[] | undefined) ?? [];
}

function pageCursor(page: Record<string, unknown>): string | undefined {
  const c = page.nextCursor ?? page.cursor ?? page.next;
  return typeof c === 'string' && c !== '' ? c : undefined;
}

/** Every item of a paginated list (keyset cursor), up to `max` items. */
export async function getAll<T>(path: string, max = 50_000, pageSize = 1000): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await getJson<Record<string, unknown>>(
      `${path}${sep}limit=${pageSize}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    const items = pageItems<T>(page);
    out.push(...items);
    cursor = items.length > 0 ? pageCursor(page) : undefined;
  } while (cursor && out.length < max);
  return out;
}

/** Fetches a file with the token and hands it to the browser as a download. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await apiFetch(path);
  if (!res.ok) throw await failure(res);
  const name = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
