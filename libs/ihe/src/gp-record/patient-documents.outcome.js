"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=patient-documents.outcome.js.map