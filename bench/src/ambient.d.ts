// Ambient typings the bench shares with the server: bpmn-moddle (which ships none) and the values
// the test services' global setup provides to test files.
/// <reference path="../../packages/server/src/engine/bpmn/bpmn-moddle.d.ts" />
/// <reference path="../../packages/server/src/testing/global-setup.ts" />
