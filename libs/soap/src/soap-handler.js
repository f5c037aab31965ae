"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=soap-handler.js.map