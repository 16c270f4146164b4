/**
 * Imported first by start.tsx (and the bench), before React and Ink load: React's development
 * build does a lot of extra work per render (prop diffs for DevTools' performance tracks, double
 * checks) that a terminal app pays on every frame. NODE_ENV=development still gets it.
 */
process.env.NODE_ENV ??= 'production';
export {};
