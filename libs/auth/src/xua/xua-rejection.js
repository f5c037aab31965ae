"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.XuaRejection = void 0;
class XuaRejection extends Error {
    reason;
    constructor(reason, message) {
        super(message);
        this.reason = reason;
        this.name = 'XuaRejection';
    }
}
exports.XuaRejection = XuaRejection;
//# sourceMappingURL=xua-rejection.js.map