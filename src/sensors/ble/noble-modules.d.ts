// Deep entries of @abandonware/noble (CommonJS, no types of their own); see noble-types.ts.
declare module '@abandonware/noble/with-bindings.js' {
  const createNoble: (bindings: unknown) => unknown;
  export default createNoble;
}
declare module '@abandonware/noble/lib/hci-socket/bindings.js' {
  const HciBindings: new (options?: object) => unknown;
  export default HciBindings;
}
