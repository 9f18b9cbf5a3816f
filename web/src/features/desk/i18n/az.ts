// Azerbaijani strings of this feature: the source of its keys. en.ts and ru.ts
// must have exactly the same keys (tsc through the type, and
// test/e2e/i18n.test.js, which also compares {placeholders}).
export const az = {
};
