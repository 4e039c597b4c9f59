// Ambient typings the bench shares with the server (bpmn-moddle ships none).
/// <reference path="../../packages/server/src/engine/bpmn/bpmn-moddle.d.ts" />
