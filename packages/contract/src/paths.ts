// Fills a route's `:params`, for every client of the API: the console and the tests. Its own
// entry point (`@gv/contract/paths`) and no imports, so the console can use it without pulling
// zod and the schemas into its first-load bundle (docs/decisions/061).

/** `fillPath('/users/:id', { id })` → `/users/<id, URL-encoded>`; a missing value throws. */
export function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`Missing path parameter "${key}" for ${path}`);
    return encodeURIComponent(value);
  });
}
