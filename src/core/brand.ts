/** Nominal typing for ids: `OrderId` and `StrategyInstanceId` are both strings but never interchangeable. */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };
