"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=document-entry.js.map