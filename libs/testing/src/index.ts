export { freePort, startStack, TEST_ADMIN, type Stack, type StackOptions } from './stack';
