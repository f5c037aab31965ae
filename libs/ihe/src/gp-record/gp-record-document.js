"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=gp-record-document.js.map