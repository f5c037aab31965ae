"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __exportStar = (this && this.__exportStar) || function(m, exports) {
    for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports, p)) __createBinding(exports, m, p);
};
Object.defineProperty(exports, "__esModule", { value: true });
__exportStar(require("./xds.constants"), exports);
__exportStar(require("./xds-format.util"), exports);
__exportStar(require("./coded-value"), exports);
__exportStar(require("./document-entry"), exports);
__exportStar(require("./document-entry.builder"), exports);
__exportStar(require("./adhoc-query-response.builder"), exports);
__exportStar(require("./registry-error"), exports);
__exportStar(require("./xds-metadata.config"), exports);
__exportStar(require("./xca.metrics"), exports);
//# sourceMappingURL=index.js.map