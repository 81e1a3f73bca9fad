// PGlite runs inside this process: a long loop of queries would starve HTTP requests and signals.
// Loops over many rows hand the event loop a turn between items.
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
