/**
 * Side-effect module: installs `Promise.withResolvers` when the runtime lacks it (Node 20).
 *
 * libp2p 3 calls `Promise.withResolvers` (ES2024, Node 22+) at run time. Every entry point of
 * `@pbft/node` imports this module first; the transport modules import it too, so they work on
 * their own (tests, benchmarks). Installing it is idempotent and never replaces a native one.
 */

interface Resolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

type PromiseWithResolvers = { withResolvers?: <T>() => Resolvers<T> };

const promiseConstructor = Promise as unknown as PromiseWithResolvers;

if (typeof promiseConstructor.withResolvers !== "function") {
  Object.defineProperty(Promise, "withResolvers", {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function withResolvers<T>(this: PromiseConstructor): Resolvers<T> {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const Ctor = typeof this === "function" ? this : Promise;
      const promise = new Ctor<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

export {};
