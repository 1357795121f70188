/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $String = $util.global.String, $Number = $util.global.Number, $parseInt = $util.global.parseInt, $Array = $util.global.Array, $BigInt = $util.global.BigInt, $Boolean = $util.global.Boolean;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const pbft = $root.pbft = (() => {

    /**
     * Namespace pbft.
     * @exports pbft
     * @namespace
     */
    const pbft = {};

    pbft.RequestBody = (function() {

        /**
         * Properties of a RequestBody.
         * @typedef {Object} pbft.RequestBody.$Properties
         * @property {string|null} [clusterId] RequestBody clusterId
         * @property {Uint8Array|null} [clientKey] RequestBody clientKey
         * @property {number|null} [requestNumber] RequestBody requestNumber
         * @property {Uint8Array|null} [proposal] RequestBody proposal
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a RequestBody.
         * @memberof pbft
         * @interface IRequestBody
         * @augments pbft.RequestBody.$Properties
         * @deprecated Use pbft.RequestBody.$Properties instead.
         */

        /**
         * Shape of a RequestBody.
         * @typedef {pbft.RequestBody.$Properties} pbft.RequestBody.$Shape
         */

        /**
         * Constructs a new RequestBody.
         * @memberof pbft
         * @classdesc Represents a RequestBody.
         * @constructor
         * @param {pbft.RequestBody.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const RequestBody = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * RequestBody clusterId.
         * @member {string} clusterId
         * @memberof pbft.RequestBody
         * @instance
         */
        RequestBody.prototype.clusterId = "";

        /**
         * RequestBody clientKey.
         * @member {Uint8Array} clientKey
         * @memberof pbft.RequestBody
         * @instance
         */
        RequestBody.prototype.clientKey = $util.newBuffer([]);

        /**
         * RequestBody requestNumber.
         * @member {number} requestNumber
         * @memberof pbft.RequestBody
         * @instance
         */
        RequestBody.prototype.requestNumber = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * RequestBody proposal.
         * @member {Uint8Array} proposal
         * @memberof pbft.RequestBody
         * @instance
         */
        RequestBody.prototype.proposal = $util.newBuffer([]);

        /**
         * Creates a new RequestBody instance using the specified properties.
         * @function create
         * @memberof pbft.RequestBody
         * @static
         * @param {pbft.RequestBody.$Properties=} [properties] Properties to set
         * @returns {pbft.RequestBody} RequestBody instance
         * @type {{
         *   (properties: pbft.RequestBody.$Shape): pbft.RequestBody & pbft.RequestBody.$Shape;
         *   (properties?: pbft.RequestBody.$Properties): pbft.RequestBody;
         * }}
         */
        RequestBody.create = function(properties) {
            return new RequestBody(properties);
        };

        /**
         * Encodes the specified RequestBody message. Does not implicitly {@link pbft.RequestBody.verify|verify} messages.
         * @function encode
         * @memberof pbft.RequestBody
         * @static
         * @param {pbft.RequestBody.$Properties} message RequestBody message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        RequestBody.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.clusterId != null && $Object.hasOwnProperty.call(message, "clusterId") && message.clusterId !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.clusterId);
            if (message.clientKey != null && $Object.hasOwnProperty.call(message, "clientKey") && message.clientKey.length)
                writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.clientKey);
            if (message.requestNumber != null && $Object.hasOwnProperty.call(message, "requestNumber") && (typeof message.requestNumber === "object" ? message.requestNumber.low || message.requestNumber.high : message.requestNumber !== 0))
                writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.requestNumber);
            if (message.proposal != null && $Object.hasOwnProperty.call(message, "proposal") && message.proposal.length)
                writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.proposal);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a RequestBody message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.RequestBody
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.RequestBody & pbft.RequestBody.$Shape} RequestBody
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        RequestBody.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.RequestBody();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.clusterId = value;
                        else
                            delete message.clusterId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.clientKey = value;
                        else
                            delete message.clientKey;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.requestNumber = value;
                        else
                            delete message.requestNumber;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.proposal = value;
                        else
                            delete message.proposal;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies a RequestBody message.
         * @function verify
         * @memberof pbft.RequestBody
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        RequestBody.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.clusterId != null && $Object.hasOwnProperty.call(message, "clusterId"))
                if (!$util.isString(message.clusterId))
                    return "clusterId: string expected";
            if (message.clientKey != null && $Object.hasOwnProperty.call(message, "clientKey"))
                if (!(message.clientKey && typeof message.clientKey.length === "number" || $util.isString(message.clientKey)))
                    return "clientKey: buffer expected";
            if (message.requestNumber != null && $Object.hasOwnProperty.call(message, "requestNumber"))
                if (!$util.isInteger(message.requestNumber) && !(message.requestNumber && $util.isInteger(message.requestNumber.low) && $util.isInteger(message.requestNumber.high)))
                    return "requestNumber: integer|Long expected";
            if (message.proposal != null && $Object.hasOwnProperty.call(message, "proposal"))
                if (!(message.proposal && typeof message.proposal.length === "number" || $util.isString(message.proposal)))
                    return "proposal: buffer expected";
            return null;
        };

        /**
         * Creates a RequestBody message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.RequestBody
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.RequestBody} RequestBody
         */
        RequestBody.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.RequestBody)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.RequestBody: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.RequestBody();
            if (object.clusterId != null)
                if (typeof object.clusterId !== "string" || object.clusterId.length)
                    message.clusterId = $String(object.clusterId);
            if (object.clientKey != null)
                if (object.clientKey.length)
                    if (typeof object.clientKey === "string")
                        $util.base64.decode(object.clientKey, message.clientKey = $util.newBuffer($util.base64.length(object.clientKey)), 0);
                    else if (object.clientKey.length >= 0)
                        message.clientKey = object.clientKey;
            if (object.requestNumber != null)
                if (typeof object.requestNumber === "object" ? object.requestNumber.low || object.requestNumber.high : $Number(object.requestNumber) !== 0)
                    if ($util.Long)
                        message.requestNumber = $util.Long.fromValue(object.requestNumber, true);
                    else if (typeof object.requestNumber === "string")
                        message.requestNumber = $parseInt(object.requestNumber, 10);
                    else if (typeof object.requestNumber === "number")
                        message.requestNumber = object.requestNumber;
                    else if (typeof object.requestNumber === "object")
                        message.requestNumber = new $util.LongBits(object.requestNumber.low >>> 0, object.requestNumber.high >>> 0).toNumber(true);
            if (object.proposal != null)
                if (object.proposal.length)
                    if (typeof object.proposal === "string")
                        $util.base64.decode(object.proposal, message.proposal = $util.newBuffer($util.base64.length(object.proposal)), 0);
                    else if (object.proposal.length >= 0)
                        message.proposal = object.proposal;
            return message;
        };

        /**
         * Creates a plain object from a RequestBody message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.RequestBody
         * @static
         * @param {pbft.RequestBody} message RequestBody
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        RequestBody.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.clusterId = "";
                if (options.bytes === $String)
                    object.clientKey = "";
                else {
                    object.clientKey = [];
                    if (options.bytes !== $Array)
                        object.clientKey = $util.newBuffer(object.clientKey);
                }
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.requestNumber = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.requestNumber = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if (options.bytes === $String)
                    object.proposal = "";
                else {
                    object.proposal = [];
                    if (options.bytes !== $Array)
                        object.proposal = $util.newBuffer(object.proposal);
                }
            }
            if (message.clusterId != null && $Object.hasOwnProperty.call(message, "clusterId"))
                object.clusterId = message.clusterId;
            if (message.clientKey != null && $Object.hasOwnProperty.call(message, "clientKey"))
                object.clientKey = options.bytes === $String ? $util.base64.encode(message.clientKey, 0, message.clientKey.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.clientKey) : message.clientKey;
            if (message.requestNumber != null && $Object.hasOwnProperty.call(message, "requestNumber"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.requestNumber = typeof message.requestNumber === "number" ? $BigInt(message.requestNumber) : $util.Long.fromBits(message.requestNumber.low >>> 0, message.requestNumber.high >>> 0, true).toBigInt();
                else if (typeof message.requestNumber === "number")
                    object.requestNumber = options.longs === $String ? $String(message.requestNumber) : message.requestNumber;
                else
                    object.requestNumber = options.longs === $String ? $util.Long.prototype.toString.call(message.requestNumber) : options.longs === $Number ? new $util.LongBits(message.requestNumber.low >>> 0, message.requestNumber.high >>> 0).toNumber(true) : message.requestNumber;
            if (message.proposal != null && $Object.hasOwnProperty.call(message, "proposal"))
                object.proposal = options.bytes === $String ? $util.base64.encode(message.proposal, 0, message.proposal.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.proposal) : message.proposal;
            return object;
        };

        /**
         * Converts this RequestBody to JSON.
         * @function toJSON
         * @memberof pbft.RequestBody
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        RequestBody.prototype.toJSON = function() {
            return RequestBody.toObject(this, $protobuf.util.toJSONOptions);
        };

        return RequestBody;
    })();

    pbft.ClientRequest = (function() {

        /**
         * Properties of a ClientRequest.
         * @typedef {Object} pbft.ClientRequest.$Properties
         * @property {Uint8Array|null} [body] ClientRequest body
         * @property {Uint8Array|null} [signature] ClientRequest signature
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ClientRequest.
         * @memberof pbft
         * @interface IClientRequest
         * @augments pbft.ClientRequest.$Properties
         * @deprecated Use pbft.ClientRequest.$Properties instead.
         */

        /**
         * Shape of a ClientRequest.
         * @typedef {pbft.ClientRequest.$Properties} pbft.ClientRequest.$Shape
         */

        /**
         * Constructs a new ClientRequest.
         * @memberof pbft
         * @classdesc Represents a ClientRequest.
         * @constructor
         * @param {pbft.ClientRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ClientRequest = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ClientRequest body.
         * @member {Uint8Array} body
         * @memberof pbft.ClientRequest
         * @instance
         */
        ClientRequest.prototype.body = $util.newBuffer([]);

        /**
         * ClientRequest signature.
         * @member {Uint8Array} signature
         * @memberof pbft.ClientRequest
         * @instance
         */
        ClientRequest.prototype.signature = $util.newBuffer([]);

        /**
         * Creates a new ClientRequest instance using the specified properties.
         * @function create
         * @memberof pbft.ClientRequest
         * @static
         * @param {pbft.ClientRequest.$Properties=} [properties] Properties to set
         * @returns {pbft.ClientRequest} ClientRequest instance
         * @type {{
         *   (properties: pbft.ClientRequest.$Shape): pbft.ClientRequest & pbft.ClientRequest.$Shape;
         *   (properties?: pbft.ClientRequest.$Properties): pbft.ClientRequest;
         * }}
         */
        ClientRequest.create = function(properties) {
            return new ClientRequest(properties);
        };

        /**
         * Encodes the specified ClientRequest message. Does not implicitly {@link pbft.ClientRequest.verify|verify} messages.
         * @function encode
         * @memberof pbft.ClientRequest
         * @static
         * @param {pbft.ClientRequest.$Properties} message ClientRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ClientRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.body != null && $Object.hasOwnProperty.call(message, "body") && message.body.length)
                writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.body);
            if (message.signature != null && $Object.hasOwnProperty.call(message, "signature") && message.signature.length)
                writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.signature);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ClientRequest message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.ClientRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.ClientRequest & pbft.ClientRequest.$Shape} ClientRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ClientRequest.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.ClientRequest();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.body = value;
                        else
                            delete message.body;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.signature = value;
                        else
                            delete message.signature;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies a ClientRequest message.
         * @function verify
         * @memberof pbft.ClientRequest
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        ClientRequest.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.body != null && $Object.hasOwnProperty.call(message, "body"))
                if (!(message.body && typeof message.body.length === "number" || $util.isString(message.body)))
                    return "body: buffer expected";
            if (message.signature != null && $Object.hasOwnProperty.call(message, "signature"))
                if (!(message.signature && typeof message.signature.length === "number" || $util.isString(message.signature)))
                    return "signature: buffer expected";
            return null;
        };

        /**
         * Creates a ClientRequest message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.ClientRequest
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.ClientRequest} ClientRequest
         */
        ClientRequest.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.ClientRequest)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.ClientRequest: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.ClientRequest();
            if (object.body != null)
                if (object.body.length)
                    if (typeof object.body === "string")
                        $util.base64.decode(object.body, message.body = $util.newBuffer($util.base64.length(object.body)), 0);
                    else if (object.body.length >= 0)
                        message.body = object.body;
            if (object.signature != null)
                if (object.signature.length)
                    if (typeof object.signature === "string")
                        $util.base64.decode(object.signature, message.signature = $util.newBuffer($util.base64.length(object.signature)), 0);
                    else if (object.signature.length >= 0)
                        message.signature = object.signature;
            return message;
        };

        /**
         * Creates a plain object from a ClientRequest message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.ClientRequest
         * @static
         * @param {pbft.ClientRequest} message ClientRequest
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ClientRequest.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                if (options.bytes === $String)
                    object.body = "";
                else {
                    object.body = [];
                    if (options.bytes !== $Array)
                        object.body = $util.newBuffer(object.body);
                }
                if (options.bytes === $String)
                    object.signature = "";
                else {
                    object.signature = [];
                    if (options.bytes !== $Array)
                        object.signature = $util.newBuffer(object.signature);
                }
            }
            if (message.body != null && $Object.hasOwnProperty.call(message, "body"))
                object.body = options.bytes === $String ? $util.base64.encode(message.body, 0, message.body.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.body) : message.body;
            if (message.signature != null && $Object.hasOwnProperty.call(message, "signature"))
                object.signature = options.bytes === $String ? $util.base64.encode(message.signature, 0, message.signature.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.signature) : message.signature;
            return object;
        };

        /**
         * Converts this ClientRequest to JSON.
         * @function toJSON
         * @memberof pbft.ClientRequest
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ClientRequest.prototype.toJSON = function() {
            return ClientRequest.toObject(this, $protobuf.util.toJSONOptions);
        };

        return ClientRequest;
    })();

    pbft.Envelope = (function() {

        /**
         * Properties of an Envelope.
         * @typedef {Object} pbft.Envelope.$Properties
         * @property {Uint8Array|null} [payload] Envelope payload
         * @property {number|null} [signer] Envelope signer
         * @property {Uint8Array|null} [signature] Envelope signature
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an Envelope.
         * @memberof pbft
         * @interface IEnvelope
         * @augments pbft.Envelope.$Properties
         * @deprecated Use pbft.Envelope.$Properties instead.
         */

        /**
         * Shape of an Envelope.
         * @typedef {pbft.Envelope.$Properties} pbft.Envelope.$Shape
         */

        /**
         * Constructs a new Envelope.
         * @memberof pbft
         * @classdesc Represents an Envelope.
         * @constructor
         * @param {pbft.Envelope.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Envelope = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Envelope payload.
         * @member {Uint8Array} payload
         * @memberof pbft.Envelope
         * @instance
         */
        Envelope.prototype.payload = $util.newBuffer([]);

        /**
         * Envelope signer.
         * @member {number} signer
         * @memberof pbft.Envelope
         * @instance
         */
        Envelope.prototype.signer = 0;

        /**
         * Envelope signature.
         * @member {Uint8Array} signature
         * @memberof pbft.Envelope
         * @instance
         */
        Envelope.prototype.signature = $util.newBuffer([]);

        /**
         * Creates a new Envelope instance using the specified properties.
         * @function create
         * @memberof pbft.Envelope
         * @static
         * @param {pbft.Envelope.$Properties=} [properties] Properties to set
         * @returns {pbft.Envelope} Envelope instance
         * @type {{
         *   (properties: pbft.Envelope.$Shape): pbft.Envelope & pbft.Envelope.$Shape;
         *   (properties?: pbft.Envelope.$Properties): pbft.Envelope;
         * }}
         */
        Envelope.create = function(properties) {
            return new Envelope(properties);
        };

        /**
         * Encodes the specified Envelope message. Does not implicitly {@link pbft.Envelope.verify|verify} messages.
         * @function encode
         * @memberof pbft.Envelope
         * @static
         * @param {pbft.Envelope.$Properties} message Envelope message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Envelope.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.payload != null && $Object.hasOwnProperty.call(message, "payload") && message.payload.length)
                writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.payload);
            if (message.signer != null && $Object.hasOwnProperty.call(message, "signer") && message.signer !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.signer);
            if (message.signature != null && $Object.hasOwnProperty.call(message, "signature") && message.signature.length)
                writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.signature);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an Envelope message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.Envelope
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.Envelope & pbft.Envelope.$Shape} Envelope
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Envelope.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.Envelope();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.payload = value;
                        else
                            delete message.payload;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.signer = value;
                        else
                            delete message.signer;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.signature = value;
                        else
                            delete message.signature;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies an Envelope message.
         * @function verify
         * @memberof pbft.Envelope
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        Envelope.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.payload != null && $Object.hasOwnProperty.call(message, "payload"))
                if (!(message.payload && typeof message.payload.length === "number" || $util.isString(message.payload)))
                    return "payload: buffer expected";
            if (message.signer != null && $Object.hasOwnProperty.call(message, "signer"))
                if (!$util.isInteger(message.signer))
                    return "signer: integer expected";
            if (message.signature != null && $Object.hasOwnProperty.call(message, "signature"))
                if (!(message.signature && typeof message.signature.length === "number" || $util.isString(message.signature)))
                    return "signature: buffer expected";
            return null;
        };

        /**
         * Creates an Envelope message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.Envelope
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.Envelope} Envelope
         */
        Envelope.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.Envelope)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.Envelope: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.Envelope();
            if (object.payload != null)
                if (object.payload.length)
                    if (typeof object.payload === "string")
                        $util.base64.decode(object.payload, message.payload = $util.newBuffer($util.base64.length(object.payload)), 0);
                    else if (object.payload.length >= 0)
                        message.payload = object.payload;
            if (object.signer != null)
                if ($Number(object.signer) !== 0)
                    message.signer = object.signer >>> 0;
            if (object.signature != null)
                if (object.signature.length)
                    if (typeof object.signature === "string")
                        $util.base64.decode(object.signature, message.signature = $util.newBuffer($util.base64.length(object.signature)), 0);
                    else if (object.signature.length >= 0)
                        message.signature = object.signature;
            return message;
        };

        /**
         * Creates a plain object from an Envelope message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.Envelope
         * @static
         * @param {pbft.Envelope} message Envelope
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Envelope.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                if (options.bytes === $String)
                    object.payload = "";
                else {
                    object.payload = [];
                    if (options.bytes !== $Array)
                        object.payload = $util.newBuffer(object.payload);
                }
                object.signer = 0;
                if (options.bytes === $String)
                    object.signature = "";
                else {
                    object.signature = [];
                    if (options.bytes !== $Array)
                        object.signature = $util.newBuffer(object.signature);
                }
            }
            if (message.payload != null && $Object.hasOwnProperty.call(message, "payload"))
                object.payload = options.bytes === $String ? $util.base64.encode(message.payload, 0, message.payload.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.payload) : message.payload;
            if (message.signer != null && $Object.hasOwnProperty.call(message, "signer"))
                object.signer = message.signer;
            if (message.signature != null && $Object.hasOwnProperty.call(message, "signature"))
                object.signature = options.bytes === $String ? $util.base64.encode(message.signature, 0, message.signature.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.signature) : message.signature;
            return object;
        };

        /**
         * Converts this Envelope to JSON.
         * @function toJSON
         * @memberof pbft.Envelope
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Envelope.prototype.toJSON = function() {
            return Envelope.toObject(this, $protobuf.util.toJSONOptions);
        };

        return Envelope;
    })();

    pbft.PrePrepare = (function() {

        /**
         * Properties of a PrePrepare.
         * @typedef {Object} pbft.PrePrepare.$Properties
         * @property {number|null} [view] PrePrepare view
         * @property {number|null} [seq] PrePrepare seq
         * @property {Uint8Array|null} [batchDigest] PrePrepare batchDigest
         * @property {Array.<pbft.ClientRequest.$Properties>|null} [requests] PrePrepare requests
         * @property {number|null} [epoch] PrePrepare epoch
         * @property {number|null} [timeMs] PrePrepare timeMs
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a PrePrepare.
         * @memberof pbft
         * @interface IPrePrepare
         * @augments pbft.PrePrepare.$Properties
         * @deprecated Use pbft.PrePrepare.$Properties instead.
         */

        /**
         * Shape of a PrePrepare.
         * @typedef {pbft.PrePrepare.$Properties} pbft.PrePrepare.$Shape
         */

        /**
         * Constructs a new PrePrepare.
         * @memberof pbft
         * @classdesc Represents a PrePrepare.
         * @constructor
         * @param {pbft.PrePrepare.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const PrePrepare = function (properties) {
            this.requests = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * PrePrepare view.
         * @member {number} view
         * @memberof pbft.PrePrepare
         * @instance
         */
        PrePrepare.prototype.view = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * PrePrepare seq.
         * @member {number} seq
         * @memberof pbft.PrePrepare
         * @instance
         */
        PrePrepare.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * PrePrepare batchDigest.
         * @member {Uint8Array} batchDigest
         * @memberof pbft.PrePrepare
         * @instance
         */
        PrePrepare.prototype.batchDigest = $util.newBuffer([]);

        /**
         * PrePrepare requests.
         * @member {Array.<pbft.ClientRequest.$Properties>} requests
         * @memberof pbft.PrePrepare
         * @instance
         */
        PrePrepare.prototype.requests = $util.emptyArray;

        /**
         * PrePrepare epoch.
         * @member {number} epoch
         * @memberof pbft.PrePrepare
         * @instance
         */
        PrePrepare.prototype.epoch = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * PrePrepare timeMs.
         * @member {number} timeMs
         * @memberof pbft.PrePrepare
         * @instance
         */
        PrePrepare.prototype.timeMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new PrePrepare instance using the specified properties.
         * @function create
         * @memberof pbft.PrePrepare
         * @static
         * @param {pbft.PrePrepare.$Properties=} [properties] Properties to set
         * @returns {pbft.PrePrepare} PrePrepare instance
         * @type {{
         *   (properties: pbft.PrePrepare.$Shape): pbft.PrePrepare & pbft.PrePrepare.$Shape;
         *   (properties?: pbft.PrePrepare.$Properties): pbft.PrePrepare;
         * }}
         */
        PrePrepare.create = function(properties) {
            return new PrePrepare(properties);
        };

        /**
         * Encodes the specified PrePrepare message. Does not implicitly {@link pbft.PrePrepare.verify|verify} messages.
         * @function encode
         * @memberof pbft.PrePrepare
         * @static
         * @param {pbft.PrePrepare.$Properties} message PrePrepare message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        PrePrepare.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.view != null && $Object.hasOwnProperty.call(message, "view") && (typeof message.view === "object" ? message.view.low || message.view.high : message.view !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.view);
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.seq);
            if (message.batchDigest != null && $Object.hasOwnProperty.call(message, "batchDigest") && message.batchDigest.length)
                writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.batchDigest);
            if (message.requests != null && message.requests.length)
                for (let i = 0; i < message.requests.length; ++i)
                    $root.pbft.ClientRequest.encode(message.requests[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch") && (typeof message.epoch === "object" ? message.epoch.low || message.epoch.high : message.epoch !== 0))
                writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.epoch);
            if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs") && (typeof message.timeMs === "object" ? message.timeMs.low || message.timeMs.high : message.timeMs !== 0))
                writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.timeMs);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a PrePrepare message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.PrePrepare
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.PrePrepare & pbft.PrePrepare.$Shape} PrePrepare
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        PrePrepare.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.PrePrepare();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.view = value;
                        else
                            delete message.view;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.seq = value;
                        else
                            delete message.seq;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.batchDigest = value;
                        else
                            delete message.batchDigest;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.requests && message.requests.length))
                            message.requests = [];
                        message.requests.push($root.pbft.ClientRequest.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.epoch = value;
                        else
                            delete message.epoch;
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.timeMs = value;
                        else
                            delete message.timeMs;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies a PrePrepare message.
         * @function verify
         * @memberof pbft.PrePrepare
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        PrePrepare.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.view != null && $Object.hasOwnProperty.call(message, "view"))
                if (!$util.isInteger(message.view) && !(message.view && $util.isInteger(message.view.low) && $util.isInteger(message.view.high)))
                    return "view: integer|Long expected";
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                if (!$util.isInteger(message.seq) && !(message.seq && $util.isInteger(message.seq.low) && $util.isInteger(message.seq.high)))
                    return "seq: integer|Long expected";
            if (message.batchDigest != null && $Object.hasOwnProperty.call(message, "batchDigest"))
                if (!(message.batchDigest && typeof message.batchDigest.length === "number" || $util.isString(message.batchDigest)))
                    return "batchDigest: buffer expected";
            if (message.requests != null && $Object.hasOwnProperty.call(message, "requests")) {
                if (!$Array.isArray(message.requests))
                    return "requests: array expected";
                for (let i = 0; i < message.requests.length; ++i) {
                    let error = $root.pbft.ClientRequest.verify(message.requests[i], _depth + 1);
                    if (error)
                        return "requests." + error;
                }
            }
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (!$util.isInteger(message.epoch) && !(message.epoch && $util.isInteger(message.epoch.low) && $util.isInteger(message.epoch.high)))
                    return "epoch: integer|Long expected";
            if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs"))
                if (!$util.isInteger(message.timeMs) && !(message.timeMs && $util.isInteger(message.timeMs.low) && $util.isInteger(message.timeMs.high)))
                    return "timeMs: integer|Long expected";
            return null;
        };

        /**
         * Creates a PrePrepare message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.PrePrepare
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.PrePrepare} PrePrepare
         */
        PrePrepare.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.PrePrepare)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.PrePrepare: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.PrePrepare();
            if (object.view != null)
                if (typeof object.view === "object" ? object.view.low || object.view.high : $Number(object.view) !== 0)
                    if ($util.Long)
                        message.view = $util.Long.fromValue(object.view, true);
                    else if (typeof object.view === "string")
                        message.view = $parseInt(object.view, 10);
                    else if (typeof object.view === "number")
                        message.view = object.view;
                    else if (typeof object.view === "object")
                        message.view = new $util.LongBits(object.view.low >>> 0, object.view.high >>> 0).toNumber(true);
            if (object.seq != null)
                if (typeof object.seq === "object" ? object.seq.low || object.seq.high : $Number(object.seq) !== 0)
                    if ($util.Long)
                        message.seq = $util.Long.fromValue(object.seq, true);
                    else if (typeof object.seq === "string")
                        message.seq = $parseInt(object.seq, 10);
                    else if (typeof object.seq === "number")
                        message.seq = object.seq;
                    else if (typeof object.seq === "object")
                        message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber(true);
            if (object.batchDigest != null)
                if (object.batchDigest.length)
                    if (typeof object.batchDigest === "string")
                        $util.base64.decode(object.batchDigest, message.batchDigest = $util.newBuffer($util.base64.length(object.batchDigest)), 0);
                    else if (object.batchDigest.length >= 0)
                        message.batchDigest = object.batchDigest;
            if (object.requests) {
                if (!$Array.isArray(object.requests))
                    throw $TypeError(".pbft.PrePrepare.requests: array expected");
                message.requests = $Array(object.requests.length);
                for (let i = 0; i < object.requests.length; ++i) {
                    if (!$util.isObject(object.requests[i]))
                        throw $TypeError(".pbft.PrePrepare.requests: object expected");
                    message.requests[i] = $root.pbft.ClientRequest.fromObject(object.requests[i], _depth + 1);
                }
            }
            if (object.epoch != null)
                if (typeof object.epoch === "object" ? object.epoch.low || object.epoch.high : $Number(object.epoch) !== 0)
                    if ($util.Long)
                        message.epoch = $util.Long.fromValue(object.epoch, true);
                    else if (typeof object.epoch === "string")
                        message.epoch = $parseInt(object.epoch, 10);
                    else if (typeof object.epoch === "number")
                        message.epoch = object.epoch;
                    else if (typeof object.epoch === "object")
                        message.epoch = new $util.LongBits(object.epoch.low >>> 0, object.epoch.high >>> 0).toNumber(true);
            if (object.timeMs != null)
                if (typeof object.timeMs === "object" ? object.timeMs.low || object.timeMs.high : $Number(object.timeMs) !== 0)
                    if ($util.Long)
                        message.timeMs = $util.Long.fromValue(object.timeMs, true);
                    else if (typeof object.timeMs === "string")
                        message.timeMs = $parseInt(object.timeMs, 10);
                    else if (typeof object.timeMs === "number")
                        message.timeMs = object.timeMs;
                    else if (typeof object.timeMs === "object")
                        message.timeMs = new $util.LongBits(object.timeMs.low >>> 0, object.timeMs.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a PrePrepare message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.PrePrepare
         * @static
         * @param {pbft.PrePrepare} message PrePrepare
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        PrePrepare.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.requests = [];
            if (options.defaults) {
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.view = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.view = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.seq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.seq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if (options.bytes === $String)
                    object.batchDigest = "";
                else {
                    object.batchDigest = [];
                    if (options.bytes !== $Array)
                        object.batchDigest = $util.newBuffer(object.batchDigest);
                }
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.epoch = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.epoch = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.timeMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.timeMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.view != null && $Object.hasOwnProperty.call(message, "view"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.view = typeof message.view === "number" ? $BigInt(message.view) : $util.Long.fromBits(message.view.low >>> 0, message.view.high >>> 0, true).toBigInt();
                else if (typeof message.view === "number")
                    object.view = options.longs === $String ? $String(message.view) : message.view;
                else
                    object.view = options.longs === $String ? $util.Long.prototype.toString.call(message.view) : options.longs === $Number ? new $util.LongBits(message.view.low >>> 0, message.view.high >>> 0).toNumber(true) : message.view;
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.seq = typeof message.seq === "number" ? $BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, true).toBigInt();
                else if (typeof message.seq === "number")
                    object.seq = options.longs === $String ? $String(message.seq) : message.seq;
                else
                    object.seq = options.longs === $String ? $util.Long.prototype.toString.call(message.seq) : options.longs === $Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber(true) : message.seq;
            if (message.batchDigest != null && $Object.hasOwnProperty.call(message, "batchDigest"))
                object.batchDigest = options.bytes === $String ? $util.base64.encode(message.batchDigest, 0, message.batchDigest.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.batchDigest) : message.batchDigest;
            if (message.requests && message.requests.length) {
                object.requests = $Array(message.requests.length);
                for (let j = 0; j < message.requests.length; ++j)
                    object.requests[j] = $root.pbft.ClientRequest.toObject(message.requests[j], options, _depth + 1);
            }
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.epoch = typeof message.epoch === "number" ? $BigInt(message.epoch) : $util.Long.fromBits(message.epoch.low >>> 0, message.epoch.high >>> 0, true).toBigInt();
                else if (typeof message.epoch === "number")
                    object.epoch = options.longs === $String ? $String(message.epoch) : message.epoch;
                else
                    object.epoch = options.longs === $String ? $util.Long.prototype.toString.call(message.epoch) : options.longs === $Number ? new $util.LongBits(message.epoch.low >>> 0, message.epoch.high >>> 0).toNumber(true) : message.epoch;
            if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.timeMs = typeof message.timeMs === "number" ? $BigInt(message.timeMs) : $util.Long.fromBits(message.timeMs.low >>> 0, message.timeMs.high >>> 0, true).toBigInt();
                else if (typeof message.timeMs === "number")
                    object.timeMs = options.longs === $String ? $String(message.timeMs) : message.timeMs;
                else
                    object.timeMs = options.longs === $String ? $util.Long.prototype.toString.call(message.timeMs) : options.longs === $Number ? new $util.LongBits(message.timeMs.low >>> 0, message.timeMs.high >>> 0).toNumber(true) : message.timeMs;
            return object;
        };

        /**
         * Converts this PrePrepare to JSON.
         * @function toJSON
         * @memberof pbft.PrePrepare
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        PrePrepare.prototype.toJSON = function() {
            return PrePrepare.toObject(this, $protobuf.util.toJSONOptions);
        };

        return PrePrepare;
    })();

    pbft.Prepare = (function() {

        /**
         * Properties of a Prepare.
         * @typedef {Object} pbft.Prepare.$Properties
         * @property {number|null} [view] Prepare view
         * @property {number|null} [seq] Prepare seq
         * @property {Uint8Array|null} [batchDigest] Prepare batchDigest
         * @property {number|null} [epoch] Prepare epoch
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Prepare.
         * @memberof pbft
         * @interface IPrepare
         * @augments pbft.Prepare.$Properties
         * @deprecated Use pbft.Prepare.$Properties instead.
         */

        /**
         * Shape of a Prepare.
         * @typedef {pbft.Prepare.$Properties} pbft.Prepare.$Shape
         */

        /**
         * Constructs a new Prepare.
         * @memberof pbft
         * @classdesc Represents a Prepare.
         * @constructor
         * @param {pbft.Prepare.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Prepare = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Prepare view.
         * @member {number} view
         * @memberof pbft.Prepare
         * @instance
         */
        Prepare.prototype.view = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Prepare seq.
         * @member {number} seq
         * @memberof pbft.Prepare
         * @instance
         */
        Prepare.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Prepare batchDigest.
         * @member {Uint8Array} batchDigest
         * @memberof pbft.Prepare
         * @instance
         */
        Prepare.prototype.batchDigest = $util.newBuffer([]);

        /**
         * Prepare epoch.
         * @member {number} epoch
         * @memberof pbft.Prepare
         * @instance
         */
        Prepare.prototype.epoch = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new Prepare instance using the specified properties.
         * @function create
         * @memberof pbft.Prepare
         * @static
         * @param {pbft.Prepare.$Properties=} [properties] Properties to set
         * @returns {pbft.Prepare} Prepare instance
         * @type {{
         *   (properties: pbft.Prepare.$Shape): pbft.Prepare & pbft.Prepare.$Shape;
         *   (properties?: pbft.Prepare.$Properties): pbft.Prepare;
         * }}
         */
        Prepare.create = function(properties) {
            return new Prepare(properties);
        };

        /**
         * Encodes the specified Prepare message. Does not implicitly {@link pbft.Prepare.verify|verify} messages.
         * @function encode
         * @memberof pbft.Prepare
         * @static
         * @param {pbft.Prepare.$Properties} message Prepare message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Prepare.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.view != null && $Object.hasOwnProperty.call(message, "view") && (typeof message.view === "object" ? message.view.low || message.view.high : message.view !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.view);
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.seq);
            if (message.batchDigest != null && $Object.hasOwnProperty.call(message, "batchDigest") && message.batchDigest.length)
                writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.batchDigest);
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch") && (typeof message.epoch === "object" ? message.epoch.low || message.epoch.high : message.epoch !== 0))
                writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.epoch);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Prepare message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.Prepare
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.Prepare & pbft.Prepare.$Shape} Prepare
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Prepare.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.Prepare();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.view = value;
                        else
                            delete message.view;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.seq = value;
                        else
                            delete message.seq;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.batchDigest = value;
                        else
                            delete message.batchDigest;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.epoch = value;
                        else
                            delete message.epoch;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies a Prepare message.
         * @function verify
         * @memberof pbft.Prepare
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        Prepare.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.view != null && $Object.hasOwnProperty.call(message, "view"))
                if (!$util.isInteger(message.view) && !(message.view && $util.isInteger(message.view.low) && $util.isInteger(message.view.high)))
                    return "view: integer|Long expected";
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                if (!$util.isInteger(message.seq) && !(message.seq && $util.isInteger(message.seq.low) && $util.isInteger(message.seq.high)))
                    return "seq: integer|Long expected";
            if (message.batchDigest != null && $Object.hasOwnProperty.call(message, "batchDigest"))
                if (!(message.batchDigest && typeof message.batchDigest.length === "number" || $util.isString(message.batchDigest)))
                    return "batchDigest: buffer expected";
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (!$util.isInteger(message.epoch) && !(message.epoch && $util.isInteger(message.epoch.low) && $util.isInteger(message.epoch.high)))
                    return "epoch: integer|Long expected";
            return null;
        };

        /**
         * Creates a Prepare message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.Prepare
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.Prepare} Prepare
         */
        Prepare.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.Prepare)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.Prepare: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.Prepare();
            if (object.view != null)
                if (typeof object.view === "object" ? object.view.low || object.view.high : $Number(object.view) !== 0)
                    if ($util.Long)
                        message.view = $util.Long.fromValue(object.view, true);
                    else if (typeof object.view === "string")
                        message.view = $parseInt(object.view, 10);
                    else if (typeof object.view === "number")
                        message.view = object.view;
                    else if (typeof object.view === "object")
                        message.view = new $util.LongBits(object.view.low >>> 0, object.view.high >>> 0).toNumber(true);
            if (object.seq != null)
                if (typeof object.seq === "object" ? object.seq.low || object.seq.high : $Number(object.seq) !== 0)
                    if ($util.Long)
                        message.seq = $util.Long.fromValue(object.seq, true);
                    else if (typeof object.seq === "string")
                        message.seq = $parseInt(object.seq, 10);
                    else if (typeof object.seq === "number")
                        message.seq = object.seq;
                    else if (typeof object.seq === "object")
                        message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber(true);
            if (object.batchDigest != null)
                if (object.batchDigest.length)
                    if (typeof object.batchDigest === "string")
                        $util.base64.decode(object.batchDigest, message.batchDigest = $util.newBuffer($util.base64.length(object.batchDigest)), 0);
                    else if (object.batchDigest.length >= 0)
                        message.batchDigest = object.batchDigest;
            if (object.epoch != null)
                if (typeof object.epoch === "object" ? object.epoch.low || object.epoch.high : $Number(object.epoch) !== 0)
                    if ($util.Long)
                        message.epoch = $util.Long.fromValue(object.epoch, true);
                    else if (typeof object.epoch === "string")
                        message.epoch = $parseInt(object.epoch, 10);
                    else if (typeof object.epoch === "number")
                        message.epoch = object.epoch;
                    else if (typeof object.epoch === "object")
                        message.epoch = new $util.LongBits(object.epoch.low >>> 0, object.epoch.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a Prepare message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.Prepare
         * @static
         * @param {pbft.Prepare} message Prepare
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Prepare.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.view = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.view = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.seq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.seq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if (options.bytes === $String)
                    object.batchDigest = "";
                else {
                    object.batchDigest = [];
                    if (options.bytes !== $Array)
                        object.batchDigest = $util.newBuffer(object.batchDigest);
                }
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.epoch = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.epoch = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.view != null && $Object.hasOwnProperty.call(message, "view"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.view = typeof message.view === "number" ? $BigInt(message.view) : $util.Long.fromBits(message.view.low >>> 0, message.view.high >>> 0, true).toBigInt();
                else if (typeof message.view === "number")
                    object.view = options.longs === $String ? $String(message.view) : message.view;
                else
                    object.view = options.longs === $String ? $util.Long.prototype.toString.call(message.view) : options.longs === $Number ? new $util.LongBits(message.view.low >>> 0, message.view.high >>> 0).toNumber(true) : message.view;
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.seq = typeof message.seq === "number" ? $BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, true).toBigInt();
                else if (typeof message.seq === "number")
                    object.seq = options.longs === $String ? $String(message.seq) : message.seq;
                else
                    object.seq = options.longs === $String ? $util.Long.prototype.toString.call(message.seq) : options.longs === $Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber(true) : message.seq;
            if (message.batchDigest != null && $Object.hasOwnProperty.call(message, "batchDigest"))
                object.batchDigest = options.bytes === $String ? $util.base64.encode(message.batchDigest, 0, message.batchDigest.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.batchDigest) : message.batchDigest;
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.epoch = typeof message.epoch === "number" ? $BigInt(message.epoch) : $util.Long.fromBits(message.epoch.low >>> 0, message.epoch.high >>> 0, true).toBigInt();
                else if (typeof message.epoch === "number")
                    object.epoch = options.longs === $String ? $String(message.epoch) : message.epoch;
                else
                    object.epoch = options.longs === $String ? $util.Long.prototype.toString.call(message.epoch) : options.longs === $Number ? new $util.LongBits(message.epoch.low >>> 0, message.epoch.high >>> 0).toNumber(true) : message.epoch;
            return object;
        };

        /**
         * Converts this Prepare to JSON.
         * @function toJSON
         * @memberof pbft.Prepare
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Prepare.prototype.toJSON = function() {
            return Prepare.toObject(this, $protobuf.util.toJSONOptions);
        };

        return Prepare;
    })();

    pbft.Commit = (function() {

        /**
         * Properties of a Commit.
         * @typedef {Object} pbft.Commit.$Properties
         * @property {number|null} [view] Commit view
         * @property {number|null} [seq] Commit seq
         * @property {Uint8Array|null} [batchDigest] Commit batchDigest
         * @property {number|null} [epoch] Commit epoch
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Commit.
         * @memberof pbft
         * @interface ICommit
         * @augments pbft.Commit.$Properties
         * @deprecated Use pbft.Commit.$Properties instead.
         */

        /**
         * Shape of a Commit.
         * @typedef {pbft.Commit.$Properties} pbft.Commit.$Shape
         */

        /**
         * Constructs a new Commit.
         * @memberof pbft
         * @classdesc Represents a Commit.
         * @constructor
         * @param {pbft.Commit.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Commit = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Commit view.
         * @member {number} view
         * @memberof pbft.Commit
         * @instance
         */
        Commit.prototype.view = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Commit seq.
         * @member {number} seq
         * @memberof pbft.Commit
         * @instance
         */
        Commit.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Commit batchDigest.
         * @member {Uint8Array} batchDigest
         * @memberof pbft.Commit
         * @instance
         */
        Commit.prototype.batchDigest = $util.newBuffer([]);

        /**
         * Commit epoch.
         * @member {number} epoch
         * @memberof pbft.Commit
         * @instance
         */
        Commit.prototype.epoch = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new Commit instance using the specified properties.
         * @function create
         * @memberof pbft.Commit
         * @static
         * @param {pbft.Commit.$Properties=} [properties] Properties to set
         * @returns {pbft.Commit} Commit instance
         * @type {{
         *   (properties: pbft.Commit.$Shape): pbft.Commit & pbft.Commit.$Shape;
         *   (properties?: pbft.Commit.$Properties): pbft.Commit;
         * }}
         */
        Commit.create = function(properties) {
            return new Commit(properties);
        };

        /**
         * Encodes the specified Commit message. Does not implicitly {@link pbft.Commit.verify|verify} messages.
         * @function encode
         * @memberof pbft.Commit
         * @static
         * @param {pbft.Commit.$Properties} message Commit message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Commit.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.view != null && $Object.hasOwnProperty.call(message, "view") && (typeof message.view === "object" ? message.view.low || message.view.high : message.view !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.view);
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.seq);
            if (message.batchDigest != null && $Object.hasOwnProperty.call(message, "batchDigest") && message.batchDigest.length)
                writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.batchDigest);
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch") && (typeof message.epoch === "object" ? message.epoch.low || message.epoch.high : message.epoch !== 0))
                writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.epoch);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Commit message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.Commit
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.Commit & pbft.Commit.$Shape} Commit
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Commit.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.Commit();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.view = value;
                        else
                            delete message.view;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.seq = value;
                        else
                            delete message.seq;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.batchDigest = value;
                        else
                            delete message.batchDigest;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.epoch = value;
                        else
                            delete message.epoch;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies a Commit message.
         * @function verify
         * @memberof pbft.Commit
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        Commit.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.view != null && $Object.hasOwnProperty.call(message, "view"))
                if (!$util.isInteger(message.view) && !(message.view && $util.isInteger(message.view.low) && $util.isInteger(message.view.high)))
                    return "view: integer|Long expected";
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                if (!$util.isInteger(message.seq) && !(message.seq && $util.isInteger(message.seq.low) && $util.isInteger(message.seq.high)))
                    return "seq: integer|Long expected";
            if (message.batchDigest != null && $Object.hasOwnProperty.call(message, "batchDigest"))
                if (!(message.batchDigest && typeof message.batchDigest.length === "number" || $util.isString(message.batchDigest)))
                    return "batchDigest: buffer expected";
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (!$util.isInteger(message.epoch) && !(message.epoch && $util.isInteger(message.epoch.low) && $util.isInteger(message.epoch.high)))
                    return "epoch: integer|Long expected";
            return null;
        };

        /**
         * Creates a Commit message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.Commit
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.Commit} Commit
         */
        Commit.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.Commit)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.Commit: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.Commit();
            if (object.view != null)
                if (typeof object.view === "object" ? object.view.low || object.view.high : $Number(object.view) !== 0)
                    if ($util.Long)
                        message.view = $util.Long.fromValue(object.view, true);
                    else if (typeof object.view === "string")
                        message.view = $parseInt(object.view, 10);
                    else if (typeof object.view === "number")
                        message.view = object.view;
                    else if (typeof object.view === "object")
                        message.view = new $util.LongBits(object.view.low >>> 0, object.view.high >>> 0).toNumber(true);
            if (object.seq != null)
                if (typeof object.seq === "object" ? object.seq.low || object.seq.high : $Number(object.seq) !== 0)
                    if ($util.Long)
                        message.seq = $util.Long.fromValue(object.seq, true);
                    else if (typeof object.seq === "string")
                        message.seq = $parseInt(object.seq, 10);
                    else if (typeof object.seq === "number")
                        message.seq = object.seq;
                    else if (typeof object.seq === "object")
                        message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber(true);
            if (object.batchDigest != null)
                if (object.batchDigest.length)
                    if (typeof object.batchDigest === "string")
                        $util.base64.decode(object.batchDigest, message.batchDigest = $util.newBuffer($util.base64.length(object.batchDigest)), 0);
                    else if (object.batchDigest.length >= 0)
                        message.batchDigest = object.batchDigest;
            if (object.epoch != null)
                if (typeof object.epoch === "object" ? object.epoch.low || object.epoch.high : $Number(object.epoch) !== 0)
                    if ($util.Long)
                        message.epoch = $util.Long.fromValue(object.epoch, true);
                    else if (typeof object.epoch === "string")
                        message.epoch = $parseInt(object.epoch, 10);
                    else if (typeof object.epoch === "number")
                        message.epoch = object.epoch;
                    else if (typeof object.epoch === "object")
                        message.epoch = new $util.LongBits(object.epoch.low >>> 0, object.epoch.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a Commit message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.Commit
         * @static
         * @param {pbft.Commit} message Commit
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Commit.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.view = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.view = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.seq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.seq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if (options.bytes === $String)
                    object.batchDigest = "";
                else {
                    object.batchDigest = [];
                    if (options.bytes !== $Array)
                        object.batchDigest = $util.newBuffer(object.batchDigest);
                }
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.epoch = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.epoch = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.view != null && $Object.hasOwnProperty.call(message, "view"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.view = typeof message.view === "number" ? $BigInt(message.view) : $util.Long.fromBits(message.view.low >>> 0, message.view.high >>> 0, true).toBigInt();
                else if (typeof message.view === "number")
                    object.view = options.longs === $String ? $String(message.view) : message.view;
                else
                    object.view = options.longs === $String ? $util.Long.prototype.toString.call(message.view) : options.longs === $Number ? new $util.LongBits(message.view.low >>> 0, message.view.high >>> 0).toNumber(true) : message.view;
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.seq = typeof message.seq === "number" ? $BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, true).toBigInt();
                else if (typeof message.seq === "number")
                    object.seq = options.longs === $String ? $String(message.seq) : message.seq;
                else
                    object.seq = options.longs === $String ? $util.Long.prototype.toString.call(message.seq) : options.longs === $Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber(true) : message.seq;
            if (message.batchDigest != null && $Object.hasOwnProperty.call(message, "batchDigest"))
                object.batchDigest = options.bytes === $String ? $util.base64.encode(message.batchDigest, 0, message.batchDigest.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.batchDigest) : message.batchDigest;
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.epoch = typeof message.epoch === "number" ? $BigInt(message.epoch) : $util.Long.fromBits(message.epoch.low >>> 0, message.epoch.high >>> 0, true).toBigInt();
                else if (typeof message.epoch === "number")
                    object.epoch = options.longs === $String ? $String(message.epoch) : message.epoch;
                else
                    object.epoch = options.longs === $String ? $util.Long.prototype.toString.call(message.epoch) : options.longs === $Number ? new $util.LongBits(message.epoch.low >>> 0, message.epoch.high >>> 0).toNumber(true) : message.epoch;
            return object;
        };

        /**
         * Converts this Commit to JSON.
         * @function toJSON
         * @memberof pbft.Commit
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Commit.prototype.toJSON = function() {
            return Commit.toObject(this, $protobuf.util.toJSONOptions);
        };

        return Commit;
    })();

    pbft.Checkpoint = (function() {

        /**
         * Properties of a Checkpoint.
         * @typedef {Object} pbft.Checkpoint.$Properties
         * @property {number|null} [seq] Checkpoint seq
         * @property {Uint8Array|null} [stateDigest] Checkpoint stateDigest
         * @property {number|null} [epoch] Checkpoint epoch
         * @property {Uint8Array|null} [treeRoot] Checkpoint treeRoot
         * @property {Uint8Array|null} [genesisHash] Checkpoint genesisHash
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Checkpoint.
         * @memberof pbft
         * @interface ICheckpoint
         * @augments pbft.Checkpoint.$Properties
         * @deprecated Use pbft.Checkpoint.$Properties instead.
         */

        /**
         * Shape of a Checkpoint.
         * @typedef {pbft.Checkpoint.$Properties} pbft.Checkpoint.$Shape
         */

        /**
         * Constructs a new Checkpoint.
         * @memberof pbft
         * @classdesc Represents a Checkpoint.
         * @constructor
         * @param {pbft.Checkpoint.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Checkpoint = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Checkpoint seq.
         * @member {number} seq
         * @memberof pbft.Checkpoint
         * @instance
         */
        Checkpoint.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Checkpoint stateDigest.
         * @member {Uint8Array} stateDigest
         * @memberof pbft.Checkpoint
         * @instance
         */
        Checkpoint.prototype.stateDigest = $util.newBuffer([]);

        /**
         * Checkpoint epoch.
         * @member {number} epoch
         * @memberof pbft.Checkpoint
         * @instance
         */
        Checkpoint.prototype.epoch = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Checkpoint treeRoot.
         * @member {Uint8Array} treeRoot
         * @memberof pbft.Checkpoint
         * @instance
         */
        Checkpoint.prototype.treeRoot = $util.newBuffer([]);

        /**
         * Checkpoint genesisHash.
         * @member {Uint8Array} genesisHash
         * @memberof pbft.Checkpoint
         * @instance
         */
        Checkpoint.prototype.genesisHash = $util.newBuffer([]);

        /**
         * Creates a new Checkpoint instance using the specified properties.
         * @function create
         * @memberof pbft.Checkpoint
         * @static
         * @param {pbft.Checkpoint.$Properties=} [properties] Properties to set
         * @returns {pbft.Checkpoint} Checkpoint instance
         * @type {{
         *   (properties: pbft.Checkpoint.$Shape): pbft.Checkpoint & pbft.Checkpoint.$Shape;
         *   (properties?: pbft.Checkpoint.$Properties): pbft.Checkpoint;
         * }}
         */
        Checkpoint.create = function(properties) {
            return new Checkpoint(properties);
        };

        /**
         * Encodes the specified Checkpoint message. Does not implicitly {@link pbft.Checkpoint.verify|verify} messages.
         * @function encode
         * @memberof pbft.Checkpoint
         * @static
         * @param {pbft.Checkpoint.$Properties} message Checkpoint message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Checkpoint.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seq);
            if (message.stateDigest != null && $Object.hasOwnProperty.call(message, "stateDigest") && message.stateDigest.length)
                writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.stateDigest);
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch") && (typeof message.epoch === "object" ? message.epoch.low || message.epoch.high : message.epoch !== 0))
                writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.epoch);
            if (message.treeRoot != null && $Object.hasOwnProperty.call(message, "treeRoot") && message.treeRoot.length)
                writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.treeRoot);
            if (message.genesisHash != null && $Object.hasOwnProperty.call(message, "genesisHash") && message.genesisHash.length)
                writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.genesisHash);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Checkpoint message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.Checkpoint
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.Checkpoint & pbft.Checkpoint.$Shape} Checkpoint
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Checkpoint.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.Checkpoint();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.seq = value;
                        else
                            delete message.seq;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.stateDigest = value;
                        else
                            delete message.stateDigest;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.epoch = value;
                        else
                            delete message.epoch;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.treeRoot = value;
                        else
                            delete message.treeRoot;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.genesisHash = value;
                        else
                            delete message.genesisHash;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies a Checkpoint message.
         * @function verify
         * @memberof pbft.Checkpoint
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        Checkpoint.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                if (!$util.isInteger(message.seq) && !(message.seq && $util.isInteger(message.seq.low) && $util.isInteger(message.seq.high)))
                    return "seq: integer|Long expected";
            if (message.stateDigest != null && $Object.hasOwnProperty.call(message, "stateDigest"))
                if (!(message.stateDigest && typeof message.stateDigest.length === "number" || $util.isString(message.stateDigest)))
                    return "stateDigest: buffer expected";
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (!$util.isInteger(message.epoch) && !(message.epoch && $util.isInteger(message.epoch.low) && $util.isInteger(message.epoch.high)))
                    return "epoch: integer|Long expected";
            if (message.treeRoot != null && $Object.hasOwnProperty.call(message, "treeRoot"))
                if (!(message.treeRoot && typeof message.treeRoot.length === "number" || $util.isString(message.treeRoot)))
                    return "treeRoot: buffer expected";
            if (message.genesisHash != null && $Object.hasOwnProperty.call(message, "genesisHash"))
                if (!(message.genesisHash && typeof message.genesisHash.length === "number" || $util.isString(message.genesisHash)))
                    return "genesisHash: buffer expected";
            return null;
        };

        /**
         * Creates a Checkpoint message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.Checkpoint
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.Checkpoint} Checkpoint
         */
        Checkpoint.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.Checkpoint)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.Checkpoint: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.Checkpoint();
            if (object.seq != null)
                if (typeof object.seq === "object" ? object.seq.low || object.seq.high : $Number(object.seq) !== 0)
                    if ($util.Long)
                        message.seq = $util.Long.fromValue(object.seq, true);
                    else if (typeof object.seq === "string")
                        message.seq = $parseInt(object.seq, 10);
                    else if (typeof object.seq === "number")
                        message.seq = object.seq;
                    else if (typeof object.seq === "object")
                        message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber(true);
            if (object.stateDigest != null)
                if (object.stateDigest.length)
                    if (typeof object.stateDigest === "string")
                        $util.base64.decode(object.stateDigest, message.stateDigest = $util.newBuffer($util.base64.length(object.stateDigest)), 0);
                    else if (object.stateDigest.length >= 0)
                        message.stateDigest = object.stateDigest;
            if (object.epoch != null)
                if (typeof object.epoch === "object" ? object.epoch.low || object.epoch.high : $Number(object.epoch) !== 0)
                    if ($util.Long)
                        message.epoch = $util.Long.fromValue(object.epoch, true);
                    else if (typeof object.epoch === "string")
                        message.epoch = $parseInt(object.epoch, 10);
                    else if (typeof object.epoch === "number")
                        message.epoch = object.epoch;
                    else if (typeof object.epoch === "object")
                        message.epoch = new $util.LongBits(object.epoch.low >>> 0, object.epoch.high >>> 0).toNumber(true);
            if (object.treeRoot != null)
                if (object.treeRoot.length)
                    if (typeof object.treeRoot === "string")
                        $util.base64.decode(object.treeRoot, message.treeRoot = $util.newBuffer($util.base64.length(object.treeRoot)), 0);
                    else if (object.treeRoot.length >= 0)
                        message.treeRoot = object.treeRoot;
            if (object.genesisHash != null)
                if (object.genesisHash.length)
                    if (typeof object.genesisHash === "string")
                        $util.base64.decode(object.genesisHash, message.genesisHash = $util.newBuffer($util.base64.length(object.genesisHash)), 0);
                    else if (object.genesisHash.length >= 0)
                        message.genesisHash = object.genesisHash;
            return message;
        };

        /**
         * Creates a plain object from a Checkpoint message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.Checkpoint
         * @static
         * @param {pbft.Checkpoint} message Checkpoint
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Checkpoint.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.seq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.seq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if (options.bytes === $String)
                    object.stateDigest = "";
                else {
                    object.stateDigest = [];
                    if (options.bytes !== $Array)
                        object.stateDigest = $util.newBuffer(object.stateDigest);
                }
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.epoch = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.epoch = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if (options.bytes === $String)
                    object.treeRoot = "";
                else {
                    object.treeRoot = [];
                    if (options.bytes !== $Array)
                        object.treeRoot = $util.newBuffer(object.treeRoot);
                }
                if (options.bytes === $String)
                    object.genesisHash = "";
                else {
                    object.genesisHash = [];
                    if (options.bytes !== $Array)
                        object.genesisHash = $util.newBuffer(object.genesisHash);
                }
            }
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.seq = typeof message.seq === "number" ? $BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, true).toBigInt();
                else if (typeof message.seq === "number")
                    object.seq = options.longs === $String ? $String(message.seq) : message.seq;
                else
                    object.seq = options.longs === $String ? $util.Long.prototype.toString.call(message.seq) : options.longs === $Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber(true) : message.seq;
            if (message.stateDigest != null && $Object.hasOwnProperty.call(message, "stateDigest"))
                object.stateDigest = options.bytes === $String ? $util.base64.encode(message.stateDigest, 0, message.stateDigest.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.stateDigest) : message.stateDigest;
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.epoch = typeof message.epoch === "number" ? $BigInt(message.epoch) : $util.Long.fromBits(message.epoch.low >>> 0, message.epoch.high >>> 0, true).toBigInt();
                else if (typeof message.epoch === "number")
                    object.epoch = options.longs === $String ? $String(message.epoch) : message.epoch;
                else
                    object.epoch = options.longs === $String ? $util.Long.prototype.toString.call(message.epoch) : options.longs === $Number ? new $util.LongBits(message.epoch.low >>> 0, message.epoch.high >>> 0).toNumber(true) : message.epoch;
            if (message.treeRoot != null && $Object.hasOwnProperty.call(message, "treeRoot"))
                object.treeRoot = options.bytes === $String ? $util.base64.encode(message.treeRoot, 0, message.treeRoot.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.treeRoot) : message.treeRoot;
            if (message.genesisHash != null && $Object.hasOwnProperty.call(message, "genesisHash"))
                object.genesisHash = options.bytes === $String ? $util.base64.encode(message.genesisHash, 0, message.genesisHash.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.genesisHash) : message.genesisHash;
            return object;
        };

        /**
         * Converts this Checkpoint to JSON.
         * @function toJSON
         * @memberof pbft.Checkpoint
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Checkpoint.prototype.toJSON = function() {
            return Checkpoint.toObject(this, $protobuf.util.toJSONOptions);
        };

        return Checkpoint;
    })();

    pbft.PreparedProof = (function() {

        /**
         * Properties of a PreparedProof.
         * @typedef {Object} pbft.PreparedProof.$Properties
         * @property {pbft.Envelope.$Properties|null} [prePrepare] PreparedProof prePrepare
         * @property {Array.<pbft.Envelope.$Properties>|null} [prepares] PreparedProof prepares
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a PreparedProof.
         * @memberof pbft
         * @interface IPreparedProof
         * @augments pbft.PreparedProof.$Properties
         * @deprecated Use pbft.PreparedProof.$Properties instead.
         */

        /**
         * Shape of a PreparedProof.
         * @typedef {pbft.PreparedProof.$Properties} pbft.PreparedProof.$Shape
         */

        /**
         * Constructs a new PreparedProof.
         * @memberof pbft
         * @classdesc Represents a PreparedProof.
         * @constructor
         * @param {pbft.PreparedProof.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const PreparedProof = function (properties) {
            this.prepares = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * PreparedProof prePrepare.
         * @member {pbft.Envelope.$Properties|null|undefined} prePrepare
         * @memberof pbft.PreparedProof
         * @instance
         */
        PreparedProof.prototype.prePrepare = null;

        /**
         * PreparedProof prepares.
         * @member {Array.<pbft.Envelope.$Properties>} prepares
         * @memberof pbft.PreparedProof
         * @instance
         */
        PreparedProof.prototype.prepares = $util.emptyArray;

        /**
         * Creates a new PreparedProof instance using the specified properties.
         * @function create
         * @memberof pbft.PreparedProof
         * @static
         * @param {pbft.PreparedProof.$Properties=} [properties] Properties to set
         * @returns {pbft.PreparedProof} PreparedProof instance
         * @type {{
         *   (properties: pbft.PreparedProof.$Shape): pbft.PreparedProof & pbft.PreparedProof.$Shape;
         *   (properties?: pbft.PreparedProof.$Properties): pbft.PreparedProof;
         * }}
         */
        PreparedProof.create = function(properties) {
            return new PreparedProof(properties);
        };

        /**
         * Encodes the specified PreparedProof message. Does not implicitly {@link pbft.PreparedProof.verify|verify} messages.
         * @function encode
         * @memberof pbft.PreparedProof
         * @static
         * @param {pbft.PreparedProof.$Properties} message PreparedProof message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        PreparedProof.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.prePrepare != null && $Object.hasOwnProperty.call(message, "prePrepare"))
                $root.pbft.Envelope.encode(message.prePrepare, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.prepares != null && message.prepares.length)
                for (let i = 0; i < message.prepares.length; ++i)
                    $root.pbft.Envelope.encode(message.prepares[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a PreparedProof message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.PreparedProof
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.PreparedProof & pbft.PreparedProof.$Shape} PreparedProof
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        PreparedProof.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.PreparedProof();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.prePrepare = $root.pbft.Envelope.decode(reader, reader.size(), $undefined, _depth + 1, message.prePrepare);
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if (!(message.prepares && message.prepares.length))
                            message.prepares = [];
                        message.prepares.push($root.pbft.Envelope.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies a PreparedProof message.
         * @function verify
         * @memberof pbft.PreparedProof
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        PreparedProof.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.prePrepare != null && $Object.hasOwnProperty.call(message, "prePrepare")) {
                let error = $root.pbft.Envelope.verify(message.prePrepare, _depth + 1);
                if (error)
                    return "prePrepare." + error;
            }
            if (message.prepares != null && $Object.hasOwnProperty.call(message, "prepares")) {
                if (!$Array.isArray(message.prepares))
                    return "prepares: array expected";
                for (let i = 0; i < message.prepares.length; ++i) {
                    let error = $root.pbft.Envelope.verify(message.prepares[i], _depth + 1);
                    if (error)
                        return "prepares." + error;
                }
            }
            return null;
        };

        /**
         * Creates a PreparedProof message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.PreparedProof
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.PreparedProof} PreparedProof
         */
        PreparedProof.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.PreparedProof)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.PreparedProof: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.PreparedProof();
            if (object.prePrepare != null) {
                if (!$util.isObject(object.prePrepare))
                    throw $TypeError(".pbft.PreparedProof.prePrepare: object expected");
                message.prePrepare = $root.pbft.Envelope.fromObject(object.prePrepare, _depth + 1);
            }
            if (object.prepares) {
                if (!$Array.isArray(object.prepares))
                    throw $TypeError(".pbft.PreparedProof.prepares: array expected");
                message.prepares = $Array(object.prepares.length);
                for (let i = 0; i < object.prepares.length; ++i) {
                    if (!$util.isObject(object.prepares[i]))
                        throw $TypeError(".pbft.PreparedProof.prepares: object expected");
                    message.prepares[i] = $root.pbft.Envelope.fromObject(object.prepares[i], _depth + 1);
                }
            }
            return message;
        };

        /**
         * Creates a plain object from a PreparedProof message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.PreparedProof
         * @static
         * @param {pbft.PreparedProof} message PreparedProof
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        PreparedProof.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.prepares = [];
            if (options.defaults)
                object.prePrepare = null;
            if (message.prePrepare != null && $Object.hasOwnProperty.call(message, "prePrepare"))
                object.prePrepare = $root.pbft.Envelope.toObject(message.prePrepare, options, _depth + 1);
            if (message.prepares && message.prepares.length) {
                object.prepares = $Array(message.prepares.length);
                for (let j = 0; j < message.prepares.length; ++j)
                    object.prepares[j] = $root.pbft.Envelope.toObject(message.prepares[j], options, _depth + 1);
            }
            return object;
        };

        /**
         * Converts this PreparedProof to JSON.
         * @function toJSON
         * @memberof pbft.PreparedProof
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        PreparedProof.prototype.toJSON = function() {
            return PreparedProof.toObject(this, $protobuf.util.toJSONOptions);
        };

        return PreparedProof;
    })();

    pbft.ViewChange = (function() {

        /**
         * Properties of a ViewChange.
         * @typedef {Object} pbft.ViewChange.$Properties
         * @property {number|null} [newView] ViewChange newView
         * @property {number|null} [stableSeq] ViewChange stableSeq
         * @property {Uint8Array|null} [stableDigest] ViewChange stableDigest
         * @property {Array.<pbft.Envelope.$Properties>|null} [checkpointProof] ViewChange checkpointProof
         * @property {Array.<pbft.PreparedProof.$Properties>|null} [prepared] ViewChange prepared
         * @property {number|null} [epoch] ViewChange epoch
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ViewChange.
         * @memberof pbft
         * @interface IViewChange
         * @augments pbft.ViewChange.$Properties
         * @deprecated Use pbft.ViewChange.$Properties instead.
         */

        /**
         * Shape of a ViewChange.
         * @typedef {pbft.ViewChange.$Properties} pbft.ViewChange.$Shape
         */

        /**
         * Constructs a new ViewChange.
         * @memberof pbft
         * @classdesc Represents a ViewChange.
         * @constructor
         * @param {pbft.ViewChange.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ViewChange = function (properties) {
            this.checkpointProof = [];
            this.prepared = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ViewChange newView.
         * @member {number} newView
         * @memberof pbft.ViewChange
         * @instance
         */
        ViewChange.prototype.newView = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ViewChange stableSeq.
         * @member {number} stableSeq
         * @memberof pbft.ViewChange
         * @instance
         */
        ViewChange.prototype.stableSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ViewChange stableDigest.
         * @member {Uint8Array} stableDigest
         * @memberof pbft.ViewChange
         * @instance
         */
        ViewChange.prototype.stableDigest = $util.newBuffer([]);

        /**
         * ViewChange checkpointProof.
         * @member {Array.<pbft.Envelope.$Properties>} checkpointProof
         * @memberof pbft.ViewChange
         * @instance
         */
        ViewChange.prototype.checkpointProof = $util.emptyArray;

        /**
         * ViewChange prepared.
         * @member {Array.<pbft.PreparedProof.$Properties>} prepared
         * @memberof pbft.ViewChange
         * @instance
         */
        ViewChange.prototype.prepared = $util.emptyArray;

        /**
         * ViewChange epoch.
         * @member {number} epoch
         * @memberof pbft.ViewChange
         * @instance
         */
        ViewChange.prototype.epoch = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new ViewChange instance using the specified properties.
         * @function create
         * @memberof pbft.ViewChange
         * @static
         * @param {pbft.ViewChange.$Properties=} [properties] Properties to set
         * @returns {pbft.ViewChange} ViewChange instance
         * @type {{
         *   (properties: pbft.ViewChange.$Shape): pbft.ViewChange & pbft.ViewChange.$Shape;
         *   (properties?: pbft.ViewChange.$Properties): pbft.ViewChange;
         * }}
         */
        ViewChange.create = function(properties) {
            return new ViewChange(properties);
        };

        /**
         * Encodes the specified ViewChange message. Does not implicitly {@link pbft.ViewChange.verify|verify} messages.
         * @function encode
         * @memberof pbft.ViewChange
         * @static
         * @param {pbft.ViewChange.$Properties} message ViewChange message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ViewChange.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.newView != null && $Object.hasOwnProperty.call(message, "newView") && (typeof message.newView === "object" ? message.newView.low || message.newView.high : message.newView !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.newView);
            if (message.stableSeq != null && $Object.hasOwnProperty.call(message, "stableSeq") && (typeof message.stableSeq === "object" ? message.stableSeq.low || message.stableSeq.high : message.stableSeq !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.stableSeq);
            if (message.stableDigest != null && $Object.hasOwnProperty.call(message, "stableDigest") && message.stableDigest.length)
                writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.stableDigest);
            if (message.checkpointProof != null && message.checkpointProof.length)
                for (let i = 0; i < message.checkpointProof.length; ++i)
                    $root.pbft.Envelope.encode(message.checkpointProof[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
            if (message.prepared != null && message.prepared.length)
                for (let i = 0; i < message.prepared.length; ++i)
                    $root.pbft.PreparedProof.encode(message.prepared[i], writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch") && (typeof message.epoch === "object" ? message.epoch.low || message.epoch.high : message.epoch !== 0))
                writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.epoch);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ViewChange message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.ViewChange
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.ViewChange & pbft.ViewChange.$Shape} ViewChange
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ViewChange.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.ViewChange();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.newView = value;
                        else
                            delete message.newView;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.stableSeq = value;
                        else
                            delete message.stableSeq;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.stableDigest = value;
                        else
                            delete message.stableDigest;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.checkpointProof && message.checkpointProof.length))
                            message.checkpointProof = [];
                        message.checkpointProof.push($root.pbft.Envelope.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if (!(message.prepared && message.prepared.length))
                            message.prepared = [];
                        message.prepared.push($root.pbft.PreparedProof.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.epoch = value;
                        else
                            delete message.epoch;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies a ViewChange message.
         * @function verify
         * @memberof pbft.ViewChange
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        ViewChange.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.newView != null && $Object.hasOwnProperty.call(message, "newView"))
                if (!$util.isInteger(message.newView) && !(message.newView && $util.isInteger(message.newView.low) && $util.isInteger(message.newView.high)))
                    return "newView: integer|Long expected";
            if (message.stableSeq != null && $Object.hasOwnProperty.call(message, "stableSeq"))
                if (!$util.isInteger(message.stableSeq) && !(message.stableSeq && $util.isInteger(message.stableSeq.low) && $util.isInteger(message.stableSeq.high)))
                    return "stableSeq: integer|Long expected";
            if (message.stableDigest != null && $Object.hasOwnProperty.call(message, "stableDigest"))
                if (!(message.stableDigest && typeof message.stableDigest.length === "number" || $util.isString(message.stableDigest)))
                    return "stableDigest: buffer expected";
            if (message.checkpointProof != null && $Object.hasOwnProperty.call(message, "checkpointProof")) {
                if (!$Array.isArray(message.checkpointProof))
                    return "checkpointProof: array expected";
                for (let i = 0; i < message.checkpointProof.length; ++i) {
                    let error = $root.pbft.Envelope.verify(message.checkpointProof[i], _depth + 1);
                    if (error)
                        return "checkpointProof." + error;
                }
            }
            if (message.prepared != null && $Object.hasOwnProperty.call(message, "prepared")) {
                if (!$Array.isArray(message.prepared))
                    return "prepared: array expected";
                for (let i = 0; i < message.prepared.length; ++i) {
                    let error = $root.pbft.PreparedProof.verify(message.prepared[i], _depth + 1);
                    if (error)
                        return "prepared." + error;
                }
            }
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (!$util.isInteger(message.epoch) && !(message.epoch && $util.isInteger(message.epoch.low) && $util.isInteger(message.epoch.high)))
                    return "epoch: integer|Long expected";
            return null;
        };

        /**
         * Creates a ViewChange message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.ViewChange
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.ViewChange} ViewChange
         */
        ViewChange.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.ViewChange)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.ViewChange: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.ViewChange();
            if (object.newView != null)
                if (typeof object.newView === "object" ? object.newView.low || object.newView.high : $Number(object.newView) !== 0)
                    if ($util.Long)
                        message.newView = $util.Long.fromValue(object.newView, true);
                    else if (typeof object.newView === "string")
                        message.newView = $parseInt(object.newView, 10);
                    else if (typeof object.newView === "number")
                        message.newView = object.newView;
                    else if (typeof object.newView === "object")
                        message.newView = new $util.LongBits(object.newView.low >>> 0, object.newView.high >>> 0).toNumber(true);
            if (object.stableSeq != null)
                if (typeof object.stableSeq === "object" ? object.stableSeq.low || object.stableSeq.high : $Number(object.stableSeq) !== 0)
                    if ($util.Long)
                        message.stableSeq = $util.Long.fromValue(object.stableSeq, true);
                    else if (typeof object.stableSeq === "string")
                        message.stableSeq = $parseInt(object.stableSeq, 10);
                    else if (typeof object.stableSeq === "number")
                        message.stableSeq = object.stableSeq;
                    else if (typeof object.stableSeq === "object")
                        message.stableSeq = new $util.LongBits(object.stableSeq.low >>> 0, object.stableSeq.high >>> 0).toNumber(true);
            if (object.stableDigest != null)
                if (object.stableDigest.length)
                    if (typeof object.stableDigest === "string")
                        $util.base64.decode(object.stableDigest, message.stableDigest = $util.newBuffer($util.base64.length(object.stableDigest)), 0);
                    else if (object.stableDigest.length >= 0)
                        message.stableDigest = object.stableDigest;
            if (object.checkpointProof) {
                if (!$Array.isArray(object.checkpointProof))
                    throw $TypeError(".pbft.ViewChange.checkpointProof: array expected");
                message.checkpointProof = $Array(object.checkpointProof.length);
                for (let i = 0; i < object.checkpointProof.length; ++i) {
                    if (!$util.isObject(object.checkpointProof[i]))
                        throw $TypeError(".pbft.ViewChange.checkpointProof: object expected");
                    message.checkpointProof[i] = $root.pbft.Envelope.fromObject(object.checkpointProof[i], _depth + 1);
                }
            }
            if (object.prepared) {
                if (!$Array.isArray(object.prepared))
                    throw $TypeError(".pbft.ViewChange.prepared: array expected");
                message.prepared = $Array(object.prepared.length);
                for (let i = 0; i < object.prepared.length; ++i) {
                    if (!$util.isObject(object.prepared[i]))
                        throw $TypeError(".pbft.ViewChange.prepared: object expected");
                    message.prepared[i] = $root.pbft.PreparedProof.fromObject(object.prepared[i], _depth + 1);
                }
            }
            if (object.epoch != null)
                if (typeof object.epoch === "object" ? object.epoch.low || object.epoch.high : $Number(object.epoch) !== 0)
                    if ($util.Long)
                        message.epoch = $util.Long.fromValue(object.epoch, true);
                    else if (typeof object.epoch === "string")
                        message.epoch = $parseInt(object.epoch, 10);
                    else if (typeof object.epoch === "number")
                        message.epoch = object.epoch;
                    else if (typeof object.epoch === "object")
                        message.epoch = new $util.LongBits(object.epoch.low >>> 0, object.epoch.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a ViewChange message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.ViewChange
         * @static
         * @param {pbft.ViewChange} message ViewChange
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ViewChange.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults) {
                object.checkpointProof = [];
                object.prepared = [];
            }
            if (options.defaults) {
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.newView = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.newView = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.stableSeq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.stableSeq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if (options.bytes === $String)
                    object.stableDigest = "";
                else {
                    object.stableDigest = [];
                    if (options.bytes !== $Array)
                        object.stableDigest = $util.newBuffer(object.stableDigest);
                }
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.epoch = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.epoch = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.newView != null && $Object.hasOwnProperty.call(message, "newView"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.newView = typeof message.newView === "number" ? $BigInt(message.newView) : $util.Long.fromBits(message.newView.low >>> 0, message.newView.high >>> 0, true).toBigInt();
                else if (typeof message.newView === "number")
                    object.newView = options.longs === $String ? $String(message.newView) : message.newView;
                else
                    object.newView = options.longs === $String ? $util.Long.prototype.toString.call(message.newView) : options.longs === $Number ? new $util.LongBits(message.newView.low >>> 0, message.newView.high >>> 0).toNumber(true) : message.newView;
            if (message.stableSeq != null && $Object.hasOwnProperty.call(message, "stableSeq"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.stableSeq = typeof message.stableSeq === "number" ? $BigInt(message.stableSeq) : $util.Long.fromBits(message.stableSeq.low >>> 0, message.stableSeq.high >>> 0, true).toBigInt();
                else if (typeof message.stableSeq === "number")
                    object.stableSeq = options.longs === $String ? $String(message.stableSeq) : message.stableSeq;
                else
                    object.stableSeq = options.longs === $String ? $util.Long.prototype.toString.call(message.stableSeq) : options.longs === $Number ? new $util.LongBits(message.stableSeq.low >>> 0, message.stableSeq.high >>> 0).toNumber(true) : message.stableSeq;
            if (message.stableDigest != null && $Object.hasOwnProperty.call(message, "stableDigest"))
                object.stableDigest = options.bytes === $String ? $util.base64.encode(message.stableDigest, 0, message.stableDigest.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.stableDigest) : message.stableDigest;
            if (message.checkpointProof && message.checkpointProof.length) {
                object.checkpointProof = $Array(message.checkpointProof.length);
                for (let j = 0; j < message.checkpointProof.length; ++j)
                    object.checkpointProof[j] = $root.pbft.Envelope.toObject(message.checkpointProof[j], options, _depth + 1);
            }
            if (message.prepared && message.prepared.length) {
                object.prepared = $Array(message.prepared.length);
                for (let j = 0; j < message.prepared.length; ++j)
                    object.prepared[j] = $root.pbft.PreparedProof.toObject(message.prepared[j], options, _depth + 1);
            }
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.epoch = typeof message.epoch === "number" ? $BigInt(message.epoch) : $util.Long.fromBits(message.epoch.low >>> 0, message.epoch.high >>> 0, true).toBigInt();
                else if (typeof message.epoch === "number")
                    object.epoch = options.longs === $String ? $String(message.epoch) : message.epoch;
                else
                    object.epoch = options.longs === $String ? $util.Long.prototype.toString.call(message.epoch) : options.longs === $Number ? new $util.LongBits(message.epoch.low >>> 0, message.epoch.high >>> 0).toNumber(true) : message.epoch;
            return object;
        };

        /**
         * Converts this ViewChange to JSON.
         * @function toJSON
         * @memberof pbft.ViewChange
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ViewChange.prototype.toJSON = function() {
            return ViewChange.toObject(this, $protobuf.util.toJSONOptions);
        };

        return ViewChange;
    })();

    pbft.NewView = (function() {

        /**
         * Properties of a NewView.
         * @typedef {Object} pbft.NewView.$Properties
         * @property {number|null} [view] NewView view
         * @property {Array.<pbft.Envelope.$Properties>|null} [viewChanges] NewView viewChanges
         * @property {Array.<pbft.Envelope.$Properties>|null} [prePrepares] NewView prePrepares
         * @property {number|null} [epoch] NewView epoch
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a NewView.
         * @memberof pbft
         * @interface INewView
         * @augments pbft.NewView.$Properties
         * @deprecated Use pbft.NewView.$Properties instead.
         */

        /**
         * Shape of a NewView.
         * @typedef {pbft.NewView.$Properties} pbft.NewView.$Shape
         */

        /**
         * Constructs a new NewView.
         * @memberof pbft
         * @classdesc Represents a NewView.
         * @constructor
         * @param {pbft.NewView.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const NewView = function (properties) {
            this.viewChanges = [];
            this.prePrepares = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * NewView view.
         * @member {number} view
         * @memberof pbft.NewView
         * @instance
         */
        NewView.prototype.view = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * NewView viewChanges.
         * @member {Array.<pbft.Envelope.$Properties>} viewChanges
         * @memberof pbft.NewView
         * @instance
         */
        NewView.prototype.viewChanges = $util.emptyArray;

        /**
         * NewView prePrepares.
         * @member {Array.<pbft.Envelope.$Properties>} prePrepares
         * @memberof pbft.NewView
         * @instance
         */
        NewView.prototype.prePrepares = $util.emptyArray;

        /**
         * NewView epoch.
         * @member {number} epoch
         * @memberof pbft.NewView
         * @instance
         */
        NewView.prototype.epoch = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new NewView instance using the specified properties.
         * @function create
         * @memberof pbft.NewView
         * @static
         * @param {pbft.NewView.$Properties=} [properties] Properties to set
         * @returns {pbft.NewView} NewView instance
         * @type {{
         *   (properties: pbft.NewView.$Shape): pbft.NewView & pbft.NewView.$Shape;
         *   (properties?: pbft.NewView.$Properties): pbft.NewView;
         * }}
         */
        NewView.create = function(properties) {
            return new NewView(properties);
        };

        /**
         * Encodes the specified NewView message. Does not implicitly {@link pbft.NewView.verify|verify} messages.
         * @function encode
         * @memberof pbft.NewView
         * @static
         * @param {pbft.NewView.$Properties} message NewView message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        NewView.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.view != null && $Object.hasOwnProperty.call(message, "view") && (typeof message.view === "object" ? message.view.low || message.view.high : message.view !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.view);
            if (message.viewChanges != null && message.viewChanges.length)
                for (let i = 0; i < message.viewChanges.length; ++i)
                    $root.pbft.Envelope.encode(message.viewChanges[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
            if (message.prePrepares != null && message.prePrepares.length)
                for (let i = 0; i < message.prePrepares.length; ++i)
                    $root.pbft.Envelope.encode(message.prePrepares[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch") && (typeof message.epoch === "object" ? message.epoch.low || message.epoch.high : message.epoch !== 0))
                writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.epoch);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a NewView message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.NewView
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.NewView & pbft.NewView.$Shape} NewView
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        NewView.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.NewView();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.view = value;
                        else
                            delete message.view;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if (!(message.viewChanges && message.viewChanges.length))
                            message.viewChanges = [];
                        message.viewChanges.push($root.pbft.Envelope.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if (!(message.prePrepares && message.prePrepares.length))
                            message.prePrepares = [];
                        message.prePrepares.push($root.pbft.Envelope.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.epoch = value;
                        else
                            delete message.epoch;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies a NewView message.
         * @function verify
         * @memberof pbft.NewView
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        NewView.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.view != null && $Object.hasOwnProperty.call(message, "view"))
                if (!$util.isInteger(message.view) && !(message.view && $util.isInteger(message.view.low) && $util.isInteger(message.view.high)))
                    return "view: integer|Long expected";
            if (message.viewChanges != null && $Object.hasOwnProperty.call(message, "viewChanges")) {
                if (!$Array.isArray(message.viewChanges))
                    return "viewChanges: array expected";
                for (let i = 0; i < message.viewChanges.length; ++i) {
                    let error = $root.pbft.Envelope.verify(message.viewChanges[i], _depth + 1);
                    if (error)
                        return "viewChanges." + error;
                }
            }
            if (message.prePrepares != null && $Object.hasOwnProperty.call(message, "prePrepares")) {
                if (!$Array.isArray(message.prePrepares))
                    return "prePrepares: array expected";
                for (let i = 0; i < message.prePrepares.length; ++i) {
                    let error = $root.pbft.Envelope.verify(message.prePrepares[i], _depth + 1);
                    if (error)
                        return "prePrepares." + error;
                }
            }
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (!$util.isInteger(message.epoch) && !(message.epoch && $util.isInteger(message.epoch.low) && $util.isInteger(message.epoch.high)))
                    return "epoch: integer|Long expected";
            return null;
        };

        /**
         * Creates a NewView message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.NewView
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.NewView} NewView
         */
        NewView.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.NewView)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.NewView: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.NewView();
            if (object.view != null)
                if (typeof object.view === "object" ? object.view.low || object.view.high : $Number(object.view) !== 0)
                    if ($util.Long)
                        message.view = $util.Long.fromValue(object.view, true);
                    else if (typeof object.view === "string")
                        message.view = $parseInt(object.view, 10);
                    else if (typeof object.view === "number")
                        message.view = object.view;
                    else if (typeof object.view === "object")
                        message.view = new $util.LongBits(object.view.low >>> 0, object.view.high >>> 0).toNumber(true);
            if (object.viewChanges) {
                if (!$Array.isArray(object.viewChanges))
                    throw $TypeError(".pbft.NewView.viewChanges: array expected");
                message.viewChanges = $Array(object.viewChanges.length);
                for (let i = 0; i < object.viewChanges.length; ++i) {
                    if (!$util.isObject(object.viewChanges[i]))
                        throw $TypeError(".pbft.NewView.viewChanges: object expected");
                    message.viewChanges[i] = $root.pbft.Envelope.fromObject(object.viewChanges[i], _depth + 1);
                }
            }
            if (object.prePrepares) {
                if (!$Array.isArray(object.prePrepares))
                    throw $TypeError(".pbft.NewView.prePrepares: array expected");
                message.prePrepares = $Array(object.prePrepares.length);
                for (let i = 0; i < object.prePrepares.length; ++i) {
                    if (!$util.isObject(object.prePrepares[i]))
                        throw $TypeError(".pbft.NewView.prePrepares: object expected");
                    message.prePrepares[i] = $root.pbft.Envelope.fromObject(object.prePrepares[i], _depth + 1);
                }
            }
            if (object.epoch != null)
                if (typeof object.epoch === "object" ? object.epoch.low || object.epoch.high : $Number(object.epoch) !== 0)
                    if ($util.Long)
                        message.epoch = $util.Long.fromValue(object.epoch, true);
                    else if (typeof object.epoch === "string")
                        message.epoch = $parseInt(object.epoch, 10);
                    else if (typeof object.epoch === "number")
                        message.epoch = object.epoch;
                    else if (typeof object.epoch === "object")
                        message.epoch = new $util.LongBits(object.epoch.low >>> 0, object.epoch.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a NewView message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.NewView
         * @static
         * @param {pbft.NewView} message NewView
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        NewView.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults) {
                object.viewChanges = [];
                object.prePrepares = [];
            }
            if (options.defaults) {
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.view = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.view = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.epoch = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.epoch = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.view != null && $Object.hasOwnProperty.call(message, "view"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.view = typeof message.view === "number" ? $BigInt(message.view) : $util.Long.fromBits(message.view.low >>> 0, message.view.high >>> 0, true).toBigInt();
                else if (typeof message.view === "number")
                    object.view = options.longs === $String ? $String(message.view) : message.view;
                else
                    object.view = options.longs === $String ? $util.Long.prototype.toString.call(message.view) : options.longs === $Number ? new $util.LongBits(message.view.low >>> 0, message.view.high >>> 0).toNumber(true) : message.view;
            if (message.viewChanges && message.viewChanges.length) {
                object.viewChanges = $Array(message.viewChanges.length);
                for (let j = 0; j < message.viewChanges.length; ++j)
                    object.viewChanges[j] = $root.pbft.Envelope.toObject(message.viewChanges[j], options, _depth + 1);
            }
            if (message.prePrepares && message.prePrepares.length) {
                object.prePrepares = $Array(message.prePrepares.length);
                for (let j = 0; j < message.prePrepares.length; ++j)
                    object.prePrepares[j] = $root.pbft.Envelope.toObject(message.prePrepares[j], options, _depth + 1);
            }
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.epoch = typeof message.epoch === "number" ? $BigInt(message.epoch) : $util.Long.fromBits(message.epoch.low >>> 0, message.epoch.high >>> 0, true).toBigInt();
                else if (typeof message.epoch === "number")
                    object.epoch = options.longs === $String ? $String(message.epoch) : message.epoch;
                else
                    object.epoch = options.longs === $String ? $util.Long.prototype.toString.call(message.epoch) : options.longs === $Number ? new $util.LongBits(message.epoch.low >>> 0, message.epoch.high >>> 0).toNumber(true) : message.epoch;
            return object;
        };

        /**
         * Converts this NewView to JSON.
         * @function toJSON
         * @memberof pbft.NewView
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        NewView.prototype.toJSON = function() {
            return NewView.toObject(this, $protobuf.util.toJSONOptions);
        };

        return NewView;
    })();

    pbft.Attestation = (function() {

        /**
         * Properties of an Attestation.
         * @typedef {Object} pbft.Attestation.$Properties
         * @property {number|null} [seq] Attestation seq
         * @property {Uint8Array|null} [entryHash] Attestation entryHash
         * @property {number|null} [epoch] Attestation epoch
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an Attestation.
         * @memberof pbft
         * @interface IAttestation
         * @augments pbft.Attestation.$Properties
         * @deprecated Use pbft.Attestation.$Properties instead.
         */

        /**
         * Shape of an Attestation.
         * @typedef {pbft.Attestation.$Properties} pbft.Attestation.$Shape
         */

        /**
         * Constructs a new Attestation.
         * @memberof pbft
         * @classdesc Represents an Attestation.
         * @constructor
         * @param {pbft.Attestation.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Attestation = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Attestation seq.
         * @member {number} seq
         * @memberof pbft.Attestation
         * @instance
         */
        Attestation.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Attestation entryHash.
         * @member {Uint8Array} entryHash
         * @memberof pbft.Attestation
         * @instance
         */
        Attestation.prototype.entryHash = $util.newBuffer([]);

        /**
         * Attestation epoch.
         * @member {number} epoch
         * @memberof pbft.Attestation
         * @instance
         */
        Attestation.prototype.epoch = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new Attestation instance using the specified properties.
         * @function create
         * @memberof pbft.Attestation
         * @static
         * @param {pbft.Attestation.$Properties=} [properties] Properties to set
         * @returns {pbft.Attestation} Attestation instance
         * @type {{
         *   (properties: pbft.Attestation.$Shape): pbft.Attestation & pbft.Attestation.$Shape;
         *   (properties?: pbft.Attestation.$Properties): pbft.Attestation;
         * }}
         */
        Attestation.create = function(properties) {
            return new Attestation(properties);
        };

        /**
         * Encodes the specified Attestation message. Does not implicitly {@link pbft.Attestation.verify|verify} messages.
         * @function encode
         * @memberof pbft.Attestation
         * @static
         * @param {pbft.Attestation.$Properties} message Attestation message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Attestation.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seq);
            if (message.entryHash != null && $Object.hasOwnProperty.call(message, "entryHash") && message.entryHash.length)
                writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.entryHash);
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch") && (typeof message.epoch === "object" ? message.epoch.low || message.epoch.high : message.epoch !== 0))
                writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.epoch);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an Attestation message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.Attestation
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.Attestation & pbft.Attestation.$Shape} Attestation
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Attestation.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.Attestation();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.seq = value;
                        else
                            delete message.seq;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.entryHash = value;
                        else
                            delete message.entryHash;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.epoch = value;
                        else
                            delete message.epoch;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies an Attestation message.
         * @function verify
         * @memberof pbft.Attestation
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        Attestation.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                if (!$util.isInteger(message.seq) && !(message.seq && $util.isInteger(message.seq.low) && $util.isInteger(message.seq.high)))
                    return "seq: integer|Long expected";
            if (message.entryHash != null && $Object.hasOwnProperty.call(message, "entryHash"))
                if (!(message.entryHash && typeof message.entryHash.length === "number" || $util.isString(message.entryHash)))
                    return "entryHash: buffer expected";
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (!$util.isInteger(message.epoch) && !(message.epoch && $util.isInteger(message.epoch.low) && $util.isInteger(message.epoch.high)))
                    return "epoch: integer|Long expected";
            return null;
        };

        /**
         * Creates an Attestation message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.Attestation
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.Attestation} Attestation
         */
        Attestation.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.Attestation)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.Attestation: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.Attestation();
            if (object.seq != null)
                if (typeof object.seq === "object" ? object.seq.low || object.seq.high : $Number(object.seq) !== 0)
                    if ($util.Long)
                        message.seq = $util.Long.fromValue(object.seq, true);
                    else if (typeof object.seq === "string")
                        message.seq = $parseInt(object.seq, 10);
                    else if (typeof object.seq === "number")
                        message.seq = object.seq;
                    else if (typeof object.seq === "object")
                        message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber(true);
            if (object.entryHash != null)
                if (object.entryHash.length)
                    if (typeof object.entryHash === "string")
                        $util.base64.decode(object.entryHash, message.entryHash = $util.newBuffer($util.base64.length(object.entryHash)), 0);
                    else if (object.entryHash.length >= 0)
                        message.entryHash = object.entryHash;
            if (object.epoch != null)
                if (typeof object.epoch === "object" ? object.epoch.low || object.epoch.high : $Number(object.epoch) !== 0)
                    if ($util.Long)
                        message.epoch = $util.Long.fromValue(object.epoch, true);
                    else if (typeof object.epoch === "string")
                        message.epoch = $parseInt(object.epoch, 10);
                    else if (typeof object.epoch === "number")
                        message.epoch = object.epoch;
                    else if (typeof object.epoch === "object")
                        message.epoch = new $util.LongBits(object.epoch.low >>> 0, object.epoch.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from an Attestation message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.Attestation
         * @static
         * @param {pbft.Attestation} message Attestation
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Attestation.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.seq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.seq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if (options.bytes === $String)
                    object.entryHash = "";
                else {
                    object.entryHash = [];
                    if (options.bytes !== $Array)
                        object.entryHash = $util.newBuffer(object.entryHash);
                }
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.epoch = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.epoch = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.seq = typeof message.seq === "number" ? $BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, true).toBigInt();
                else if (typeof message.seq === "number")
                    object.seq = options.longs === $String ? $String(message.seq) : message.seq;
                else
                    object.seq = options.longs === $String ? $util.Long.prototype.toString.call(message.seq) : options.longs === $Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber(true) : message.seq;
            if (message.entryHash != null && $Object.hasOwnProperty.call(message, "entryHash"))
                object.entryHash = options.bytes === $String ? $util.base64.encode(message.entryHash, 0, message.entryHash.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.entryHash) : message.entryHash;
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.epoch = typeof message.epoch === "number" ? $BigInt(message.epoch) : $util.Long.fromBits(message.epoch.low >>> 0, message.epoch.high >>> 0, true).toBigInt();
                else if (typeof message.epoch === "number")
                    object.epoch = options.longs === $String ? $String(message.epoch) : message.epoch;
                else
                    object.epoch = options.longs === $String ? $util.Long.prototype.toString.call(message.epoch) : options.longs === $Number ? new $util.LongBits(message.epoch.low >>> 0, message.epoch.high >>> 0).toNumber(true) : message.epoch;
            return object;
        };

        /**
         * Converts this Attestation to JSON.
         * @function toJSON
         * @memberof pbft.Attestation
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Attestation.prototype.toJSON = function() {
            return Attestation.toObject(this, $protobuf.util.toJSONOptions);
        };

        return Attestation;
    })();

    pbft.ReplicaMessage = (function() {

        /**
         * Properties of a ReplicaMessage.
         * @typedef {Object} pbft.ReplicaMessage.$Properties
         * @property {pbft.PrePrepare.$Properties|null} [prePrepare] ReplicaMessage prePrepare
         * @property {pbft.Prepare.$Properties|null} [prepare] ReplicaMessage prepare
         * @property {pbft.Commit.$Properties|null} [commit] ReplicaMessage commit
         * @property {pbft.Checkpoint.$Properties|null} [checkpoint] ReplicaMessage checkpoint
         * @property {pbft.ViewChange.$Properties|null} [viewChange] ReplicaMessage viewChange
         * @property {pbft.NewView.$Properties|null} [newView] ReplicaMessage newView
         * @property {pbft.Attestation.$Properties|null} [attestation] ReplicaMessage attestation
         * @property {"prePrepare"|"prepare"|"commit"|"checkpoint"|"viewChange"|"newView"|"attestation"} [kind] ReplicaMessage kind
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ReplicaMessage.
         * @memberof pbft
         * @interface IReplicaMessage
         * @augments pbft.ReplicaMessage.$Properties
         * @deprecated Use pbft.ReplicaMessage.$Properties instead.
         */

        /**
         * Narrowed shape of a ReplicaMessage.
         * @typedef {{
         *   prePrepare?: pbft.PrePrepare.$Shape|null;
         *   prepare?: pbft.Prepare.$Shape|null;
         *   commit?: pbft.Commit.$Shape|null;
         *   checkpoint?: pbft.Checkpoint.$Shape|null;
         *   viewChange?: pbft.ViewChange.$Shape|null;
         *   newView?: pbft.NewView.$Shape|null;
         *   attestation?: pbft.Attestation.$Shape|null;
         *   $unknowns?: Array.<Uint8Array>;
         * } & (
         *   ({ kind?: undefined; prePrepare?: null; prepare?: null; commit?: null; checkpoint?: null; viewChange?: null; newView?: null; attestation?: null }|{ kind?: "prePrepare"; prePrepare: pbft.PrePrepare.$Shape; prepare?: null; commit?: null; checkpoint?: null; viewChange?: null; newView?: null; attestation?: null }|{ kind?: "prepare"; prePrepare?: null; prepare: pbft.Prepare.$Shape; commit?: null; checkpoint?: null; viewChange?: null; newView?: null; attestation?: null }|{ kind?: "commit"; prePrepare?: null; prepare?: null; commit: pbft.Commit.$Shape; checkpoint?: null; viewChange?: null; newView?: null; attestation?: null }|{ kind?: "checkpoint"; prePrepare?: null; prepare?: null; commit?: null; checkpoint: pbft.Checkpoint.$Shape; viewChange?: null; newView?: null; attestation?: null }|{ kind?: "viewChange"; prePrepare?: null; prepare?: null; commit?: null; checkpoint?: null; viewChange: pbft.ViewChange.$Shape; newView?: null; attestation?: null }|{ kind?: "newView"; prePrepare?: null; prepare?: null; commit?: null; checkpoint?: null; viewChange?: null; newView: pbft.NewView.$Shape; attestation?: null }|{ kind?: "attestation"; prePrepare?: null; prepare?: null; commit?: null; checkpoint?: null; viewChange?: null; newView?: null; attestation: pbft.Attestation.$Shape })
         * )} pbft.ReplicaMessage.$Shape
         */

        /**
         * Constructs a new ReplicaMessage.
         * @memberof pbft
         * @classdesc Represents a ReplicaMessage.
         * @constructor
         * @param {pbft.ReplicaMessage.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ReplicaMessage = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ReplicaMessage prePrepare.
         * @member {pbft.PrePrepare.$Properties|null|undefined} prePrepare
         * @memberof pbft.ReplicaMessage
         * @instance
         */
        ReplicaMessage.prototype.prePrepare = null;

        /**
         * ReplicaMessage prepare.
         * @member {pbft.Prepare.$Properties|null|undefined} prepare
         * @memberof pbft.ReplicaMessage
         * @instance
         */
        ReplicaMessage.prototype.prepare = null;

        /**
         * ReplicaMessage commit.
         * @member {pbft.Commit.$Properties|null|undefined} commit
         * @memberof pbft.ReplicaMessage
         * @instance
         */
        ReplicaMessage.prototype.commit = null;

        /**
         * ReplicaMessage checkpoint.
         * @member {pbft.Checkpoint.$Properties|null|undefined} checkpoint
         * @memberof pbft.ReplicaMessage
         * @instance
         */
        ReplicaMessage.prototype.checkpoint = null;

        /**
         * ReplicaMessage viewChange.
         * @member {pbft.ViewChange.$Properties|null|undefined} viewChange
         * @memberof pbft.ReplicaMessage
         * @instance
         */
        ReplicaMessage.prototype.viewChange = null;

        /**
         * ReplicaMessage newView.
         * @member {pbft.NewView.$Properties|null|undefined} newView
         * @memberof pbft.ReplicaMessage
         * @instance
         */
        ReplicaMessage.prototype.newView = null;

        /**
         * ReplicaMessage attestation.
         * @member {pbft.Attestation.$Properties|null|undefined} attestation
         * @memberof pbft.ReplicaMessage
         * @instance
         */
        ReplicaMessage.prototype.attestation = null;

        // OneOf field names bound to virtual getters and setters
        let $oneOfFields;

        /**
         * ReplicaMessage kind.
         * @member {"prePrepare"|"prepare"|"commit"|"checkpoint"|"viewChange"|"newView"|"attestation"|undefined} kind
         * @memberof pbft.ReplicaMessage
         * @instance
         */
        $Object.defineProperty(ReplicaMessage.prototype, "kind", {
            get: $util.oneOfGetter($oneOfFields = ["prePrepare", "prepare", "commit", "checkpoint", "viewChange", "newView", "attestation"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        /**
         * Creates a new ReplicaMessage instance using the specified properties.
         * @function create
         * @memberof pbft.ReplicaMessage
         * @static
         * @param {pbft.ReplicaMessage.$Properties=} [properties] Properties to set
         * @returns {pbft.ReplicaMessage} ReplicaMessage instance
         * @type {{
         *   (properties: pbft.ReplicaMessage.$Shape): pbft.ReplicaMessage & pbft.ReplicaMessage.$Shape;
         *   (properties?: pbft.ReplicaMessage.$Properties): pbft.ReplicaMessage;
         * }}
         */
        ReplicaMessage.create = function(properties) {
            return new ReplicaMessage(properties);
        };

        /**
         * Encodes the specified ReplicaMessage message. Does not implicitly {@link pbft.ReplicaMessage.verify|verify} messages.
         * @function encode
         * @memberof pbft.ReplicaMessage
         * @static
         * @param {pbft.ReplicaMessage.$Properties} message ReplicaMessage message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ReplicaMessage.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.prePrepare != null && $Object.hasOwnProperty.call(message, "prePrepare"))
                $root.pbft.PrePrepare.encode(message.prePrepare, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.prepare != null && $Object.hasOwnProperty.call(message, "prepare"))
                $root.pbft.Prepare.encode(message.prepare, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
            if (message.commit != null && $Object.hasOwnProperty.call(message, "commit"))
                $root.pbft.Commit.encode(message.commit, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
            if (message.checkpoint != null && $Object.hasOwnProperty.call(message, "checkpoint"))
                $root.pbft.Checkpoint.encode(message.checkpoint, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
            if (message.viewChange != null && $Object.hasOwnProperty.call(message, "viewChange"))
                $root.pbft.ViewChange.encode(message.viewChange, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
            if (message.newView != null && $Object.hasOwnProperty.call(message, "newView"))
                $root.pbft.NewView.encode(message.newView, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
            if (message.attestation != null && $Object.hasOwnProperty.call(message, "attestation"))
                $root.pbft.Attestation.encode(message.attestation, writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ReplicaMessage message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.ReplicaMessage
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.ReplicaMessage & pbft.ReplicaMessage.$Shape} ReplicaMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ReplicaMessage.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.ReplicaMessage();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.prePrepare = $root.pbft.PrePrepare.decode(reader, reader.size(), $undefined, _depth + 1, message.prePrepare);
                        message.kind = "prePrepare";
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        message.prepare = $root.pbft.Prepare.decode(reader, reader.size(), $undefined, _depth + 1, message.prepare);
                        message.kind = "prepare";
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        message.commit = $root.pbft.Commit.decode(reader, reader.size(), $undefined, _depth + 1, message.commit);
                        message.kind = "commit";
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        message.checkpoint = $root.pbft.Checkpoint.decode(reader, reader.size(), $undefined, _depth + 1, message.checkpoint);
                        message.kind = "checkpoint";
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        message.viewChange = $root.pbft.ViewChange.decode(reader, reader.size(), $undefined, _depth + 1, message.viewChange);
                        message.kind = "viewChange";
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        message.newView = $root.pbft.NewView.decode(reader, reader.size(), $undefined, _depth + 1, message.newView);
                        message.kind = "newView";
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        message.attestation = $root.pbft.Attestation.decode(reader, reader.size(), $undefined, _depth + 1, message.attestation);
                        message.kind = "attestation";
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies a ReplicaMessage message.
         * @function verify
         * @memberof pbft.ReplicaMessage
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        ReplicaMessage.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            let properties = {};
            if (message.prePrepare != null && $Object.hasOwnProperty.call(message, "prePrepare")) {
                properties.kind = 1;
                {
                    let error = $root.pbft.PrePrepare.verify(message.prePrepare, _depth + 1);
                    if (error)
                        return "prePrepare." + error;
                }
            }
            if (message.prepare != null && $Object.hasOwnProperty.call(message, "prepare")) {
                if (properties.kind === 1)
                    return "kind: multiple values";
                properties.kind = 1;
                {
                    let error = $root.pbft.Prepare.verify(message.prepare, _depth + 1);
                    if (error)
                        return "prepare." + error;
                }
            }
            if (message.commit != null && $Object.hasOwnProperty.call(message, "commit")) {
                if (properties.kind === 1)
                    return "kind: multiple values";
                properties.kind = 1;
                {
                    let error = $root.pbft.Commit.verify(message.commit, _depth + 1);
                    if (error)
                        return "commit." + error;
                }
            }
            if (message.checkpoint != null && $Object.hasOwnProperty.call(message, "checkpoint")) {
                if (properties.kind === 1)
                    return "kind: multiple values";
                properties.kind = 1;
                {
                    let error = $root.pbft.Checkpoint.verify(message.checkpoint, _depth + 1);
                    if (error)
                        return "checkpoint." + error;
                }
            }
            if (message.viewChange != null && $Object.hasOwnProperty.call(message, "viewChange")) {
                if (properties.kind === 1)
                    return "kind: multiple values";
                properties.kind = 1;
                {
                    let error = $root.pbft.ViewChange.verify(message.viewChange, _depth + 1);
                    if (error)
                        return "viewChange." + error;
                }
            }
            if (message.newView != null && $Object.hasOwnProperty.call(message, "newView")) {
                if (properties.kind === 1)
                    return "kind: multiple values";
                properties.kind = 1;
                {
                    let error = $root.pbft.NewView.verify(message.newView, _depth + 1);
                    if (error)
                        return "newView." + error;
                }
            }
            if (message.attestation != null && $Object.hasOwnProperty.call(message, "attestation")) {
                if (properties.kind === 1)
                    return "kind: multiple values";
                properties.kind = 1;
                {
                    let error = $root.pbft.Attestation.verify(message.attestation, _depth + 1);
                    if (error)
                        return "attestation." + error;
                }
            }
            return null;
        };

        /**
         * Creates a ReplicaMessage message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.ReplicaMessage
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.ReplicaMessage} ReplicaMessage
         */
        ReplicaMessage.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.ReplicaMessage)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.ReplicaMessage: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.ReplicaMessage();
            if (object.prePrepare != null) {
                if (!$util.isObject(object.prePrepare))
                    throw $TypeError(".pbft.ReplicaMessage.prePrepare: object expected");
                message.prePrepare = $root.pbft.PrePrepare.fromObject(object.prePrepare, _depth + 1);
            }
            if (object.prepare != null) {
                if (!$util.isObject(object.prepare))
                    throw $TypeError(".pbft.ReplicaMessage.prepare: object expected");
                message.prepare = $root.pbft.Prepare.fromObject(object.prepare, _depth + 1);
            }
            if (object.commit != null) {
                if (!$util.isObject(object.commit))
                    throw $TypeError(".pbft.ReplicaMessage.commit: object expected");
                message.commit = $root.pbft.Commit.fromObject(object.commit, _depth + 1);
            }
            if (object.checkpoint != null) {
                if (!$util.isObject(object.checkpoint))
                    throw $TypeError(".pbft.ReplicaMessage.checkpoint: object expected");
                message.checkpoint = $root.pbft.Checkpoint.fromObject(object.checkpoint, _depth + 1);
            }
            if (object.viewChange != null) {
                if (!$util.isObject(object.viewChange))
                    throw $TypeError(".pbft.ReplicaMessage.viewChange: object expected");
                message.viewChange = $root.pbft.ViewChange.fromObject(object.viewChange, _depth + 1);
            }
            if (object.newView != null) {
                if (!$util.isObject(object.newView))
                    throw $TypeError(".pbft.ReplicaMessage.newView: object expected");
                message.newView = $root.pbft.NewView.fromObject(object.newView, _depth + 1);
            }
            if (object.attestation != null) {
                if (!$util.isObject(object.attestation))
                    throw $TypeError(".pbft.ReplicaMessage.attestation: object expected");
                message.attestation = $root.pbft.Attestation.fromObject(object.attestation, _depth + 1);
            }
            return message;
        };

        /**
         * Creates a plain object from a ReplicaMessage message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.ReplicaMessage
         * @static
         * @param {pbft.ReplicaMessage} message ReplicaMessage
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ReplicaMessage.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (message.prePrepare != null && $Object.hasOwnProperty.call(message, "prePrepare")) {
                object.prePrepare = $root.pbft.PrePrepare.toObject(message.prePrepare, options, _depth + 1);
                if (options.oneofs)
                    object.kind = "prePrepare";
            }
            if (message.prepare != null && $Object.hasOwnProperty.call(message, "prepare")) {
                object.prepare = $root.pbft.Prepare.toObject(message.prepare, options, _depth + 1);
                if (options.oneofs)
                    object.kind = "prepare";
            }
            if (message.commit != null && $Object.hasOwnProperty.call(message, "commit")) {
                object.commit = $root.pbft.Commit.toObject(message.commit, options, _depth + 1);
                if (options.oneofs)
                    object.kind = "commit";
            }
            if (message.checkpoint != null && $Object.hasOwnProperty.call(message, "checkpoint")) {
                object.checkpoint = $root.pbft.Checkpoint.toObject(message.checkpoint, options, _depth + 1);
                if (options.oneofs)
                    object.kind = "checkpoint";
            }
            if (message.viewChange != null && $Object.hasOwnProperty.call(message, "viewChange")) {
                object.viewChange = $root.pbft.ViewChange.toObject(message.viewChange, options, _depth + 1);
                if (options.oneofs)
                    object.kind = "viewChange";
            }
            if (message.newView != null && $Object.hasOwnProperty.call(message, "newView")) {
                object.newView = $root.pbft.NewView.toObject(message.newView, options, _depth + 1);
                if (options.oneofs)
                    object.kind = "newView";
            }
            if (message.attestation != null && $Object.hasOwnProperty.call(message, "attestation")) {
                object.attestation = $root.pbft.Attestation.toObject(message.attestation, options, _depth + 1);
                if (options.oneofs)
                    object.kind = "attestation";
            }
            return object;
        };

        /**
         * Converts this ReplicaMessage to JSON.
         * @function toJSON
         * @memberof pbft.ReplicaMessage
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ReplicaMessage.prototype.toJSON = function() {
            return ReplicaMessage.toObject(this, $protobuf.util.toJSONOptions);
        };

        return ReplicaMessage;
    })();

    pbft.CommitCertificate = (function() {

        /**
         * Properties of a CommitCertificate.
         * @typedef {Object} pbft.CommitCertificate.$Properties
         * @property {number|null} [view] CommitCertificate view
         * @property {number|null} [seq] CommitCertificate seq
         * @property {Uint8Array|null} [batchDigest] CommitCertificate batchDigest
         * @property {Array.<pbft.Envelope.$Properties>|null} [commits] CommitCertificate commits
         * @property {number|null} [epoch] CommitCertificate epoch
         * @property {number|null} [timeMs] CommitCertificate timeMs
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a CommitCertificate.
         * @memberof pbft
         * @interface ICommitCertificate
         * @augments pbft.CommitCertificate.$Properties
         * @deprecated Use pbft.CommitCertificate.$Properties instead.
         */

        /**
         * Shape of a CommitCertificate.
         * @typedef {pbft.CommitCertificate.$Properties} pbft.CommitCertificate.$Shape
         */

        /**
         * Constructs a new CommitCertificate.
         * @memberof pbft
         * @classdesc Represents a CommitCertificate.
         * @constructor
         * @param {pbft.CommitCertificate.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const CommitCertificate = function (properties) {
            this.commits = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * CommitCertificate view.
         * @member {number} view
         * @memberof pbft.CommitCertificate
         * @instance
         */
        CommitCertificate.prototype.view = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * CommitCertificate seq.
         * @member {number} seq
         * @memberof pbft.CommitCertificate
         * @instance
         */
        CommitCertificate.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * CommitCertificate batchDigest.
         * @member {Uint8Array} batchDigest
         * @memberof pbft.CommitCertificate
         * @instance
         */
        CommitCertificate.prototype.batchDigest = $util.newBuffer([]);

        /**
         * CommitCertificate commits.
         * @member {Array.<pbft.Envelope.$Properties>} commits
         * @memberof pbft.CommitCertificate
         * @instance
         */
        CommitCertificate.prototype.commits = $util.emptyArray;

        /**
         * CommitCertificate epoch.
         * @member {number} epoch
         * @memberof pbft.CommitCertificate
         * @instance
         */
        CommitCertificate.prototype.epoch = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * CommitCertificate timeMs.
         * @member {number} timeMs
         * @memberof pbft.CommitCertificate
         * @instance
         */
        CommitCertificate.prototype.timeMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new CommitCertificate instance using the specified properties.
         * @function create
         * @memberof pbft.CommitCertificate
         * @static
         * @param {pbft.CommitCertificate.$Properties=} [properties] Properties to set
         * @returns {pbft.CommitCertificate} CommitCertificate instance
         * @type {{
         *   (properties: pbft.CommitCertificate.$Shape): pbft.CommitCertificate & pbft.CommitCertificate.$Shape;
         *   (properties?: pbft.CommitCertificate.$Properties): pbft.CommitCertificate;
         * }}
         */
        CommitCertificate.create = function(properties) {
            return new CommitCertificate(properties);
        };

        /**
         * Encodes the specified CommitCertificate message. Does not implicitly {@link pbft.CommitCertificate.verify|verify} messages.
         * @function encode
         * @memberof pbft.CommitCertificate
         * @static
         * @param {pbft.CommitCertificate.$Properties} message CommitCertificate message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        CommitCertificate.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.view != null && $Object.hasOwnProperty.call(message, "view") && (typeof message.view === "object" ? message.view.low || message.view.high : message.view !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.view);
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.seq);
            if (message.batchDigest != null && $Object.hasOwnProperty.call(message, "batchDigest") && message.batchDigest.length)
                writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.batchDigest);
            if (message.commits != null && message.commits.length)
                for (let i = 0; i < message.commits.length; ++i)
                    $root.pbft.Envelope.encode(message.commits[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch") && (typeof message.epoch === "object" ? message.epoch.low || message.epoch.high : message.epoch !== 0))
                writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.epoch);
            if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs") && (typeof message.timeMs === "object" ? message.timeMs.low || message.timeMs.high : message.timeMs !== 0))
                writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.timeMs);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a CommitCertificate message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.CommitCertificate
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.CommitCertificate & pbft.CommitCertificate.$Shape} CommitCertificate
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        CommitCertificate.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.CommitCertificate();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.view = value;
                        else
                            delete message.view;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.seq = value;
                        else
                            delete message.seq;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.batchDigest = value;
                        else
                            delete message.batchDigest;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.commits && message.commits.length))
                            message.commits = [];
                        message.commits.push($root.pbft.Envelope.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.epoch = value;
                        else
                            delete message.epoch;
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.timeMs = value;
                        else
                            delete message.timeMs;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies a CommitCertificate message.
         * @function verify
         * @memberof pbft.CommitCertificate
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        CommitCertificate.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.view != null && $Object.hasOwnProperty.call(message, "view"))
                if (!$util.isInteger(message.view) && !(message.view && $util.isInteger(message.view.low) && $util.isInteger(message.view.high)))
                    return "view: integer|Long expected";
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                if (!$util.isInteger(message.seq) && !(message.seq && $util.isInteger(message.seq.low) && $util.isInteger(message.seq.high)))
                    return "seq: integer|Long expected";
            if (message.batchDigest != null && $Object.hasOwnProperty.call(message, "batchDigest"))
                if (!(message.batchDigest && typeof message.batchDigest.length === "number" || $util.isString(message.batchDigest)))
                    return "batchDigest: buffer expected";
            if (message.commits != null && $Object.hasOwnProperty.call(message, "commits")) {
                if (!$Array.isArray(message.commits))
                    return "commits: array expected";
                for (let i = 0; i < message.commits.length; ++i) {
                    let error = $root.pbft.Envelope.verify(message.commits[i], _depth + 1);
                    if (error)
                        return "commits." + error;
                }
            }
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (!$util.isInteger(message.epoch) && !(message.epoch && $util.isInteger(message.epoch.low) && $util.isInteger(message.epoch.high)))
                    return "epoch: integer|Long expected";
            if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs"))
                if (!$util.isInteger(message.timeMs) && !(message.timeMs && $util.isInteger(message.timeMs.low) && $util.isInteger(message.timeMs.high)))
                    return "timeMs: integer|Long expected";
            return null;
        };

        /**
         * Creates a CommitCertificate message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.CommitCertificate
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.CommitCertificate} CommitCertificate
         */
        CommitCertificate.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.CommitCertificate)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.CommitCertificate: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.CommitCertificate();
            if (object.view != null)
                if (typeof object.view === "object" ? object.view.low || object.view.high : $Number(object.view) !== 0)
                    if ($util.Long)
                        message.view = $util.Long.fromValue(object.view, true);
                    else if (typeof object.view === "string")
                        message.view = $parseInt(object.view, 10);
                    else if (typeof object.view === "number")
                        message.view = object.view;
                    else if (typeof object.view === "object")
                        message.view = new $util.LongBits(object.view.low >>> 0, object.view.high >>> 0).toNumber(true);
            if (object.seq != null)
                if (typeof object.seq === "object" ? object.seq.low || object.seq.high : $Number(object.seq) !== 0)
                    if ($util.Long)
                        message.seq = $util.Long.fromValue(object.seq, true);
                    else if (typeof object.seq === "string")
                        message.seq = $parseInt(object.seq, 10);
                    else if (typeof object.seq === "number")
                        message.seq = object.seq;
                    else if (typeof object.seq === "object")
                        message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber(true);
            if (object.batchDigest != null)
                if (object.batchDigest.length)
                    if (typeof object.batchDigest === "string")
                        $util.base64.decode(object.batchDigest, message.batchDigest = $util.newBuffer($util.base64.length(object.batchDigest)), 0);
                    else if (object.batchDigest.length >= 0)
                        message.batchDigest = object.batchDigest;
            if (object.commits) {
                if (!$Array.isArray(object.commits))
                    throw $TypeError(".pbft.CommitCertificate.commits: array expected");
                message.commits = $Array(object.commits.length);
                for (let i = 0; i < object.commits.length; ++i) {
                    if (!$util.isObject(object.commits[i]))
                        throw $TypeError(".pbft.CommitCertificate.commits: object expected");
                    message.commits[i] = $root.pbft.Envelope.fromObject(object.commits[i], _depth + 1);
                }
            }
            if (object.epoch != null)
                if (typeof object.epoch === "object" ? object.epoch.low || object.epoch.high : $Number(object.epoch) !== 0)
                    if ($util.Long)
                        message.epoch = $util.Long.fromValue(object.epoch, true);
                    else if (typeof object.epoch === "string")
                        message.epoch = $parseInt(object.epoch, 10);
                    else if (typeof object.epoch === "number")
                        message.epoch = object.epoch;
                    else if (typeof object.epoch === "object")
                        message.epoch = new $util.LongBits(object.epoch.low >>> 0, object.epoch.high >>> 0).toNumber(true);
            if (object.timeMs != null)
                if (typeof object.timeMs === "object" ? object.timeMs.low || object.timeMs.high : $Number(object.timeMs) !== 0)
                    if ($util.Long)
                        message.timeMs = $util.Long.fromValue(object.timeMs, true);
                    else if (typeof object.timeMs === "string")
                        message.timeMs = $parseInt(object.timeMs, 10);
                    else if (typeof object.timeMs === "number")
                        message.timeMs = object.timeMs;
                    else if (typeof object.timeMs === "object")
                        message.timeMs = new $util.LongBits(object.timeMs.low >>> 0, object.timeMs.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a CommitCertificate message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.CommitCertificate
         * @static
         * @param {pbft.CommitCertificate} message CommitCertificate
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        CommitCertificate.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.commits = [];
            if (options.defaults) {
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.view = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.view = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.seq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.seq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if (options.bytes === $String)
                    object.batchDigest = "";
                else {
                    object.batchDigest = [];
                    if (options.bytes !== $Array)
                        object.batchDigest = $util.newBuffer(object.batchDigest);
                }
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.epoch = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.epoch = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.timeMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.timeMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.view != null && $Object.hasOwnProperty.call(message, "view"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.view = typeof message.view === "number" ? $BigInt(message.view) : $util.Long.fromBits(message.view.low >>> 0, message.view.high >>> 0, true).toBigInt();
                else if (typeof message.view === "number")
                    object.view = options.longs === $String ? $String(message.view) : message.view;
                else
                    object.view = options.longs === $String ? $util.Long.prototype.toString.call(message.view) : options.longs === $Number ? new $util.LongBits(message.view.low >>> 0, message.view.high >>> 0).toNumber(true) : message.view;
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.seq = typeof message.seq === "number" ? $BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, true).toBigInt();
                else if (typeof message.seq === "number")
                    object.seq = options.longs === $String ? $String(message.seq) : message.seq;
                else
                    object.seq = options.longs === $String ? $util.Long.prototype.toString.call(message.seq) : options.longs === $Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber(true) : message.seq;
            if (message.batchDigest != null && $Object.hasOwnProperty.call(message, "batchDigest"))
                object.batchDigest = options.bytes === $String ? $util.base64.encode(message.batchDigest, 0, message.batchDigest.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.batchDigest) : message.batchDigest;
            if (message.commits && message.commits.length) {
                object.commits = $Array(message.commits.length);
                for (let j = 0; j < message.commits.length; ++j)
                    object.commits[j] = $root.pbft.Envelope.toObject(message.commits[j], options, _depth + 1);
            }
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.epoch = typeof message.epoch === "number" ? $BigInt(message.epoch) : $util.Long.fromBits(message.epoch.low >>> 0, message.epoch.high >>> 0, true).toBigInt();
                else if (typeof message.epoch === "number")
                    object.epoch = options.longs === $String ? $String(message.epoch) : message.epoch;
                else
                    object.epoch = options.longs === $String ? $util.Long.prototype.toString.call(message.epoch) : options.longs === $Number ? new $util.LongBits(message.epoch.low >>> 0, message.epoch.high >>> 0).toNumber(true) : message.epoch;
            if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.timeMs = typeof message.timeMs === "number" ? $BigInt(message.timeMs) : $util.Long.fromBits(message.timeMs.low >>> 0, message.timeMs.high >>> 0, true).toBigInt();
                else if (typeof message.timeMs === "number")
                    object.timeMs = options.longs === $String ? $String(message.timeMs) : message.timeMs;
                else
                    object.timeMs = options.longs === $String ? $util.Long.prototype.toString.call(message.timeMs) : options.longs === $Number ? new $util.LongBits(message.timeMs.low >>> 0, message.timeMs.high >>> 0).toNumber(true) : message.timeMs;
            return object;
        };

        /**
         * Converts this CommitCertificate to JSON.
         * @function toJSON
         * @memberof pbft.CommitCertificate
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        CommitCertificate.prototype.toJSON = function() {
            return CommitCertificate.toObject(this, $protobuf.util.toJSONOptions);
        };

        return CommitCertificate;
    })();

    pbft.StateRequest = (function() {

        /**
         * Properties of a StateRequest.
         * @typedef {Object} pbft.StateRequest.$Properties
         * @property {number|null} [fromSeq] StateRequest fromSeq
         * @property {number|null} [toSeq] StateRequest toSeq
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a StateRequest.
         * @memberof pbft
         * @interface IStateRequest
         * @augments pbft.StateRequest.$Properties
         * @deprecated Use pbft.StateRequest.$Properties instead.
         */

        /**
         * Shape of a StateRequest.
         * @typedef {pbft.StateRequest.$Properties} pbft.StateRequest.$Shape
         */

        /**
         * Constructs a new StateRequest.
         * @memberof pbft
         * @classdesc Represents a StateRequest.
         * @constructor
         * @param {pbft.StateRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const StateRequest = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * StateRequest fromSeq.
         * @member {number} fromSeq
         * @memberof pbft.StateRequest
         * @instance
         */
        StateRequest.prototype.fromSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * StateRequest toSeq.
         * @member {number} toSeq
         * @memberof pbft.StateRequest
         * @instance
         */
        StateRequest.prototype.toSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new StateRequest instance using the specified properties.
         * @function create
         * @memberof pbft.StateRequest
         * @static
         * @param {pbft.StateRequest.$Properties=} [properties] Properties to set
         * @returns {pbft.StateRequest} StateRequest instance
         * @type {{
         *   (properties: pbft.StateRequest.$Shape): pbft.StateRequest & pbft.StateRequest.$Shape;
         *   (properties?: pbft.StateRequest.$Properties): pbft.StateRequest;
         * }}
         */
        StateRequest.create = function(properties) {
            return new StateRequest(properties);
        };

        /**
         * Encodes the specified StateRequest message. Does not implicitly {@link pbft.StateRequest.verify|verify} messages.
         * @function encode
         * @memberof pbft.StateRequest
         * @static
         * @param {pbft.StateRequest.$Properties} message StateRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        StateRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.fromSeq != null && $Object.hasOwnProperty.call(message, "fromSeq") && (typeof message.fromSeq === "object" ? message.fromSeq.low || message.fromSeq.high : message.fromSeq !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.fromSeq);
            if (message.toSeq != null && $Object.hasOwnProperty.call(message, "toSeq") && (typeof message.toSeq === "object" ? message.toSeq.low || message.toSeq.high : message.toSeq !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.toSeq);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a StateRequest message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.StateRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.StateRequest & pbft.StateRequest.$Shape} StateRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        StateRequest.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.StateRequest();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.fromSeq = value;
                        else
                            delete message.fromSeq;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.toSeq = value;
                        else
                            delete message.toSeq;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies a StateRequest message.
         * @function verify
         * @memberof pbft.StateRequest
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        StateRequest.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.fromSeq != null && $Object.hasOwnProperty.call(message, "fromSeq"))
                if (!$util.isInteger(message.fromSeq) && !(message.fromSeq && $util.isInteger(message.fromSeq.low) && $util.isInteger(message.fromSeq.high)))
                    return "fromSeq: integer|Long expected";
            if (message.toSeq != null && $Object.hasOwnProperty.call(message, "toSeq"))
                if (!$util.isInteger(message.toSeq) && !(message.toSeq && $util.isInteger(message.toSeq.low) && $util.isInteger(message.toSeq.high)))
                    return "toSeq: integer|Long expected";
            return null;
        };

        /**
         * Creates a StateRequest message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.StateRequest
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.StateRequest} StateRequest
         */
        StateRequest.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.StateRequest)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.StateRequest: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.StateRequest();
            if (object.fromSeq != null)
                if (typeof object.fromSeq === "object" ? object.fromSeq.low || object.fromSeq.high : $Number(object.fromSeq) !== 0)
                    if ($util.Long)
                        message.fromSeq = $util.Long.fromValue(object.fromSeq, true);
                    else if (typeof object.fromSeq === "string")
                        message.fromSeq = $parseInt(object.fromSeq, 10);
                    else if (typeof object.fromSeq === "number")
                        message.fromSeq = object.fromSeq;
                    else if (typeof object.fromSeq === "object")
                        message.fromSeq = new $util.LongBits(object.fromSeq.low >>> 0, object.fromSeq.high >>> 0).toNumber(true);
            if (object.toSeq != null)
                if (typeof object.toSeq === "object" ? object.toSeq.low || object.toSeq.high : $Number(object.toSeq) !== 0)
                    if ($util.Long)
                        message.toSeq = $util.Long.fromValue(object.toSeq, true);
                    else if (typeof object.toSeq === "string")
                        message.toSeq = $parseInt(object.toSeq, 10);
                    else if (typeof object.toSeq === "number")
                        message.toSeq = object.toSeq;
                    else if (typeof object.toSeq === "object")
                        message.toSeq = new $util.LongBits(object.toSeq.low >>> 0, object.toSeq.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a StateRequest message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.StateRequest
         * @static
         * @param {pbft.StateRequest} message StateRequest
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        StateRequest.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.fromSeq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.fromSeq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.toSeq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.toSeq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.fromSeq != null && $Object.hasOwnProperty.call(message, "fromSeq"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.fromSeq = typeof message.fromSeq === "number" ? $BigInt(message.fromSeq) : $util.Long.fromBits(message.fromSeq.low >>> 0, message.fromSeq.high >>> 0, true).toBigInt();
                else if (typeof message.fromSeq === "number")
                    object.fromSeq = options.longs === $String ? $String(message.fromSeq) : message.fromSeq;
                else
                    object.fromSeq = options.longs === $String ? $util.Long.prototype.toString.call(message.fromSeq) : options.longs === $Number ? new $util.LongBits(message.fromSeq.low >>> 0, message.fromSeq.high >>> 0).toNumber(true) : message.fromSeq;
            if (message.toSeq != null && $Object.hasOwnProperty.call(message, "toSeq"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.toSeq = typeof message.toSeq === "number" ? $BigInt(message.toSeq) : $util.Long.fromBits(message.toSeq.low >>> 0, message.toSeq.high >>> 0, true).toBigInt();
                else if (typeof message.toSeq === "number")
                    object.toSeq = options.longs === $String ? $String(message.toSeq) : message.toSeq;
                else
                    object.toSeq = options.longs === $String ? $util.Long.prototype.toString.call(message.toSeq) : options.longs === $Number ? new $util.LongBits(message.toSeq.low >>> 0, message.toSeq.high >>> 0).toNumber(true) : message.toSeq;
            return object;
        };

        /**
         * Converts this StateRequest to JSON.
         * @function toJSON
         * @memberof pbft.StateRequest
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        StateRequest.prototype.toJSON = function() {
            return StateRequest.toObject(this, $protobuf.util.toJSONOptions);
        };

        return StateRequest;
    })();

    pbft.CommittedBatch = (function() {

        /**
         * Properties of a CommittedBatch.
         * @typedef {Object} pbft.CommittedBatch.$Properties
         * @property {number|null} [seq] CommittedBatch seq
         * @property {number|null} [view] CommittedBatch view
         * @property {Array.<pbft.ClientRequest.$Properties>|null} [requests] CommittedBatch requests
         * @property {pbft.CommitCertificate.$Properties|null} [certificate] CommittedBatch certificate
         * @property {Uint8Array|null} [header] CommittedBatch header
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a CommittedBatch.
         * @memberof pbft
         * @interface ICommittedBatch
         * @augments pbft.CommittedBatch.$Properties
         * @deprecated Use pbft.CommittedBatch.$Properties instead.
         */

        /**
         * Shape of a CommittedBatch.
         * @typedef {pbft.CommittedBatch.$Properties} pbft.CommittedBatch.$Shape
         */

        /**
         * Constructs a new CommittedBatch.
         * @memberof pbft
         * @classdesc Represents a CommittedBatch.
         * @constructor
         * @param {pbft.CommittedBatch.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const CommittedBatch = function (properties) {
            this.requests = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * CommittedBatch seq.
         * @member {number} seq
         * @memberof pbft.CommittedBatch
         * @instance
         */
        CommittedBatch.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * CommittedBatch view.
         * @member {number} view
         * @memberof pbft.CommittedBatch
         * @instance
         */
        CommittedBatch.prototype.view = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * CommittedBatch requests.
         * @member {Array.<pbft.ClientRequest.$Properties>} requests
         * @memberof pbft.CommittedBatch
         * @instance
         */
        CommittedBatch.prototype.requests = $util.emptyArray;

        /**
         * CommittedBatch certificate.
         * @member {pbft.CommitCertificate.$Properties|null|undefined} certificate
         * @memberof pbft.CommittedBatch
         * @instance
         */
        CommittedBatch.prototype.certificate = null;

        /**
         * CommittedBatch header.
         * @member {Uint8Array} header
         * @memberof pbft.CommittedBatch
         * @instance
         */
        CommittedBatch.prototype.header = $util.newBuffer([]);

        /**
         * Creates a new CommittedBatch instance using the specified properties.
         * @function create
         * @memberof pbft.CommittedBatch
         * @static
         * @param {pbft.CommittedBatch.$Properties=} [properties] Properties to set
         * @returns {pbft.CommittedBatch} CommittedBatch instance
         * @type {{
         *   (properties: pbft.CommittedBatch.$Shape): pbft.CommittedBatch & pbft.CommittedBatch.$Shape;
         *   (properties?: pbft.CommittedBatch.$Properties): pbft.CommittedBatch;
         * }}
         */
        CommittedBatch.create = function(properties) {
            return new CommittedBatch(properties);
        };

        /**
         * Encodes the specified CommittedBatch message. Does not implicitly {@link pbft.CommittedBatch.verify|verify} messages.
         * @function encode
         * @memberof pbft.CommittedBatch
         * @static
         * @param {pbft.CommittedBatch.$Properties} message CommittedBatch message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        CommittedBatch.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seq);
            if (message.view != null && $Object.hasOwnProperty.call(message, "view") && (typeof message.view === "object" ? message.view.low || message.view.high : message.view !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.view);
            if (message.requests != null && message.requests.length)
                for (let i = 0; i < message.requests.length; ++i)
                    $root.pbft.ClientRequest.encode(message.requests[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
            if (message.certificate != null && $Object.hasOwnProperty.call(message, "certificate"))
                $root.pbft.CommitCertificate.encode(message.certificate, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
            if (message.header != null && $Object.hasOwnProperty.call(message, "header") && message.header.length)
                writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.header);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a CommittedBatch message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.CommittedBatch
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.CommittedBatch & pbft.CommittedBatch.$Shape} CommittedBatch
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        CommittedBatch.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.CommittedBatch();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.seq = value;
                        else
                            delete message.seq;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.view = value;
                        else
                            delete message.view;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if (!(message.requests && message.requests.length))
                            message.requests = [];
                        message.requests.push($root.pbft.ClientRequest.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        message.certificate = $root.pbft.CommitCertificate.decode(reader, reader.size(), $undefined, _depth + 1, message.certificate);
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.header = value;
                        else
                            delete message.header;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies a CommittedBatch message.
         * @function verify
         * @memberof pbft.CommittedBatch
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        CommittedBatch.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                if (!$util.isInteger(message.seq) && !(message.seq && $util.isInteger(message.seq.low) && $util.isInteger(message.seq.high)))
                    return "seq: integer|Long expected";
            if (message.view != null && $Object.hasOwnProperty.call(message, "view"))
                if (!$util.isInteger(message.view) && !(message.view && $util.isInteger(message.view.low) && $util.isInteger(message.view.high)))
                    return "view: integer|Long expected";
            if (message.requests != null && $Object.hasOwnProperty.call(message, "requests")) {
                if (!$Array.isArray(message.requests))
                    return "requests: array expected";
                for (let i = 0; i < message.requests.length; ++i) {
                    let error = $root.pbft.ClientRequest.verify(message.requests[i], _depth + 1);
                    if (error)
                        return "requests." + error;
                }
            }
            if (message.certificate != null && $Object.hasOwnProperty.call(message, "certificate")) {
                let error = $root.pbft.CommitCertificate.verify(message.certificate, _depth + 1);
                if (error)
                    return "certificate." + error;
            }
            if (message.header != null && $Object.hasOwnProperty.call(message, "header"))
                if (!(message.header && typeof message.header.length === "number" || $util.isString(message.header)))
                    return "header: buffer expected";
            return null;
        };

        /**
         * Creates a CommittedBatch message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.CommittedBatch
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.CommittedBatch} CommittedBatch
         */
        CommittedBatch.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.CommittedBatch)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.CommittedBatch: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.CommittedBatch();
            if (object.seq != null)
                if (typeof object.seq === "object" ? object.seq.low || object.seq.high : $Number(object.seq) !== 0)
                    if ($util.Long)
                        message.seq = $util.Long.fromValue(object.seq, true);
                    else if (typeof object.seq === "string")
                        message.seq = $parseInt(object.seq, 10);
                    else if (typeof object.seq === "number")
                        message.seq = object.seq;
                    else if (typeof object.seq === "object")
                        message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber(true);
            if (object.view != null)
                if (typeof object.view === "object" ? object.view.low || object.view.high : $Number(object.view) !== 0)
                    if ($util.Long)
                        message.view = $util.Long.fromValue(object.view, true);
                    else if (typeof object.view === "string")
                        message.view = $parseInt(object.view, 10);
                    else if (typeof object.view === "number")
                        message.view = object.view;
                    else if (typeof object.view === "object")
                        message.view = new $util.LongBits(object.view.low >>> 0, object.view.high >>> 0).toNumber(true);
            if (object.requests) {
                if (!$Array.isArray(object.requests))
                    throw $TypeError(".pbft.CommittedBatch.requests: array expected");
                message.requests = $Array(object.requests.length);
                for (let i = 0; i < object.requests.length; ++i) {
                    if (!$util.isObject(object.requests[i]))
                        throw $TypeError(".pbft.CommittedBatch.requests: object expected");
                    message.requests[i] = $root.pbft.ClientRequest.fromObject(object.requests[i], _depth + 1);
                }
            }
            if (object.certificate != null) {
                if (!$util.isObject(object.certificate))
                    throw $TypeError(".pbft.CommittedBatch.certificate: object expected");
                message.certificate = $root.pbft.CommitCertificate.fromObject(object.certificate, _depth + 1);
            }
            if (object.header != null)
                if (object.header.length)
                    if (typeof object.header === "string")
                        $util.base64.decode(object.header, message.header = $util.newBuffer($util.base64.length(object.header)), 0);
                    else if (object.header.length >= 0)
                        message.header = object.header;
            return message;
        };

        /**
         * Creates a plain object from a CommittedBatch message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.CommittedBatch
         * @static
         * @param {pbft.CommittedBatch} message CommittedBatch
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        CommittedBatch.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.requests = [];
            if (options.defaults) {
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.seq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.seq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.view = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.view = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.certificate = null;
                if (options.bytes === $String)
                    object.header = "";
                else {
                    object.header = [];
                    if (options.bytes !== $Array)
                        object.header = $util.newBuffer(object.header);
                }
            }
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.seq = typeof message.seq === "number" ? $BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, true).toBigInt();
                else if (typeof message.seq === "number")
                    object.seq = options.longs === $String ? $String(message.seq) : message.seq;
                else
                    object.seq = options.longs === $String ? $util.Long.prototype.toString.call(message.seq) : options.longs === $Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber(true) : message.seq;
            if (message.view != null && $Object.hasOwnProperty.call(message, "view"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.view = typeof message.view === "number" ? $BigInt(message.view) : $util.Long.fromBits(message.view.low >>> 0, message.view.high >>> 0, true).toBigInt();
                else if (typeof message.view === "number")
                    object.view = options.longs === $String ? $String(message.view) : message.view;
                else
                    object.view = options.longs === $String ? $util.Long.prototype.toString.call(message.view) : options.longs === $Number ? new $util.LongBits(message.view.low >>> 0, message.view.high >>> 0).toNumber(true) : message.view;
            if (message.requests && message.requests.length) {
                object.requests = $Array(message.requests.length);
                for (let j = 0; j < message.requests.length; ++j)
                    object.requests[j] = $root.pbft.ClientRequest.toObject(message.requests[j], options, _depth + 1);
            }
            if (message.certificate != null && $Object.hasOwnProperty.call(message, "certificate"))
                object.certificate = $root.pbft.CommitCertificate.toObject(message.certificate, options, _depth + 1);
            if (message.header != null && $Object.hasOwnProperty.call(message, "header"))
                object.header = options.bytes === $String ? $util.base64.encode(message.header, 0, message.header.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.header) : message.header;
            return object;
        };

        /**
         * Converts this CommittedBatch to JSON.
         * @function toJSON
         * @memberof pbft.CommittedBatch
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        CommittedBatch.prototype.toJSON = function() {
            return CommittedBatch.toObject(this, $protobuf.util.toJSONOptions);
        };

        return CommittedBatch;
    })();

    pbft.StateReply = (function() {

        /**
         * Properties of a StateReply.
         * @typedef {Object} pbft.StateReply.$Properties
         * @property {Array.<pbft.CommittedBatch.$Properties>|null} [batches] StateReply batches
         * @property {number|null} [lastSeq] StateReply lastSeq
         * @property {pbft.Envelope.$Properties|null} [newView] StateReply newView
         * @property {Array.<pbft.Envelope.$Properties>|null} [checkpointProof] StateReply checkpointProof
         * @property {Array.<pbft.Envelope.$Properties>|null} [headProof] StateReply headProof
         * @property {Array.<Uint8Array>|null} [headHeaders] StateReply headHeaders
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a StateReply.
         * @memberof pbft
         * @interface IStateReply
         * @augments pbft.StateReply.$Properties
         * @deprecated Use pbft.StateReply.$Properties instead.
         */

        /**
         * Shape of a StateReply.
         * @typedef {pbft.StateReply.$Properties} pbft.StateReply.$Shape
         */

        /**
         * Constructs a new StateReply.
         * @memberof pbft
         * @classdesc Represents a StateReply.
         * @constructor
         * @param {pbft.StateReply.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const StateReply = function (properties) {
            this.batches = [];
            this.checkpointProof = [];
            this.headProof = [];
            this.headHeaders = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * StateReply batches.
         * @member {Array.<pbft.CommittedBatch.$Properties>} batches
         * @memberof pbft.StateReply
         * @instance
         */
        StateReply.prototype.batches = $util.emptyArray;

        /**
         * StateReply lastSeq.
         * @member {number} lastSeq
         * @memberof pbft.StateReply
         * @instance
         */
        StateReply.prototype.lastSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * StateReply newView.
         * @member {pbft.Envelope.$Properties|null|undefined} newView
         * @memberof pbft.StateReply
         * @instance
         */
        StateReply.prototype.newView = null;

        /**
         * StateReply checkpointProof.
         * @member {Array.<pbft.Envelope.$Properties>} checkpointProof
         * @memberof pbft.StateReply
         * @instance
         */
        StateReply.prototype.checkpointProof = $util.emptyArray;

        /**
         * StateReply headProof.
         * @member {Array.<pbft.Envelope.$Properties>} headProof
         * @memberof pbft.StateReply
         * @instance
         */
        StateReply.prototype.headProof = $util.emptyArray;

        /**
         * StateReply headHeaders.
         * @member {Array.<Uint8Array>} headHeaders
         * @memberof pbft.StateReply
         * @instance
         */
        StateReply.prototype.headHeaders = $util.emptyArray;

        /**
         * Creates a new StateReply instance using the specified properties.
         * @function create
         * @memberof pbft.StateReply
         * @static
         * @param {pbft.StateReply.$Properties=} [properties] Properties to set
         * @returns {pbft.StateReply} StateReply instance
         * @type {{
         *   (properties: pbft.StateReply.$Shape): pbft.StateReply & pbft.StateReply.$Shape;
         *   (properties?: pbft.StateReply.$Properties): pbft.StateReply;
         * }}
         */
        StateReply.create = function(properties) {
            return new StateReply(properties);
        };

        /**
         * Encodes the specified StateReply message. Does not implicitly {@link pbft.StateReply.verify|verify} messages.
         * @function encode
         * @memberof pbft.StateReply
         * @static
         * @param {pbft.StateReply.$Properties} message StateReply message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        StateReply.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.batches != null && message.batches.length)
                for (let i = 0; i < message.batches.length; ++i)
                    $root.pbft.CommittedBatch.encode(message.batches[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.lastSeq != null && $Object.hasOwnProperty.call(message, "lastSeq") && (typeof message.lastSeq === "object" ? message.lastSeq.low || message.lastSeq.high : message.lastSeq !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.lastSeq);
            if (message.newView != null && $Object.hasOwnProperty.call(message, "newView"))
                $root.pbft.Envelope.encode(message.newView, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
            if (message.checkpointProof != null && message.checkpointProof.length)
                for (let i = 0; i < message.checkpointProof.length; ++i)
                    $root.pbft.Envelope.encode(message.checkpointProof[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
            if (message.headProof != null && message.headProof.length)
                for (let i = 0; i < message.headProof.length; ++i)
                    $root.pbft.Envelope.encode(message.headProof[i], writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
            if (message.headHeaders != null && message.headHeaders.length)
                for (let i = 0; i < message.headHeaders.length; ++i)
                    writer.uint32(/* id 6, wireType 2 =*/50).bytes(message.headHeaders[i]);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a StateReply message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.StateReply
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.StateReply & pbft.StateReply.$Shape} StateReply
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        StateReply.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.StateReply();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if (!(message.batches && message.batches.length))
                            message.batches = [];
                        message.batches.push($root.pbft.CommittedBatch.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.lastSeq = value;
                        else
                            delete message.lastSeq;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        message.newView = $root.pbft.Envelope.decode(reader, reader.size(), $undefined, _depth + 1, message.newView);
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.checkpointProof && message.checkpointProof.length))
                            message.checkpointProof = [];
                        message.checkpointProof.push($root.pbft.Envelope.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if (!(message.headProof && message.headProof.length))
                            message.headProof = [];
                        message.headProof.push($root.pbft.Envelope.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if (!(message.headHeaders && message.headHeaders.length))
                            message.headHeaders = [];
                        message.headHeaders.push(reader.bytes());
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies a StateReply message.
         * @function verify
         * @memberof pbft.StateReply
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        StateReply.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.batches != null && $Object.hasOwnProperty.call(message, "batches")) {
                if (!$Array.isArray(message.batches))
                    return "batches: array expected";
                for (let i = 0; i < message.batches.length; ++i) {
                    let error = $root.pbft.CommittedBatch.verify(message.batches[i], _depth + 1);
                    if (error)
                        return "batches." + error;
                }
            }
            if (message.lastSeq != null && $Object.hasOwnProperty.call(message, "lastSeq"))
                if (!$util.isInteger(message.lastSeq) && !(message.lastSeq && $util.isInteger(message.lastSeq.low) && $util.isInteger(message.lastSeq.high)))
                    return "lastSeq: integer|Long expected";
            if (message.newView != null && $Object.hasOwnProperty.call(message, "newView")) {
                let error = $root.pbft.Envelope.verify(message.newView, _depth + 1);
                if (error)
                    return "newView." + error;
            }
            if (message.checkpointProof != null && $Object.hasOwnProperty.call(message, "checkpointProof")) {
                if (!$Array.isArray(message.checkpointProof))
                    return "checkpointProof: array expected";
                for (let i = 0; i < message.checkpointProof.length; ++i) {
                    let error = $root.pbft.Envelope.verify(message.checkpointProof[i], _depth + 1);
                    if (error)
                        return "checkpointProof." + error;
                }
            }
            if (message.headProof != null && $Object.hasOwnProperty.call(message, "headProof")) {
                if (!$Array.isArray(message.headProof))
                    return "headProof: array expected";
                for (let i = 0; i < message.headProof.length; ++i) {
                    let error = $root.pbft.Envelope.verify(message.headProof[i], _depth + 1);
                    if (error)
                        return "headProof." + error;
                }
            }
            if (message.headHeaders != null && $Object.hasOwnProperty.call(message, "headHeaders")) {
                if (!$Array.isArray(message.headHeaders))
                    return "headHeaders: array expected";
                for (let i = 0; i < message.headHeaders.length; ++i)
                    if (!(message.headHeaders[i] && typeof message.headHeaders[i].length === "number" || $util.isString(message.headHeaders[i])))
                        return "headHeaders: buffer[] expected";
            }
            return null;
        };

        /**
         * Creates a StateReply message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.StateReply
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.StateReply} StateReply
         */
        StateReply.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.StateReply)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.StateReply: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.StateReply();
            if (object.batches) {
                if (!$Array.isArray(object.batches))
                    throw $TypeError(".pbft.StateReply.batches: array expected");
                message.batches = $Array(object.batches.length);
                for (let i = 0; i < object.batches.length; ++i) {
                    if (!$util.isObject(object.batches[i]))
                        throw $TypeError(".pbft.StateReply.batches: object expected");
                    message.batches[i] = $root.pbft.CommittedBatch.fromObject(object.batches[i], _depth + 1);
                }
            }
            if (object.lastSeq != null)
                if (typeof object.lastSeq === "object" ? object.lastSeq.low || object.lastSeq.high : $Number(object.lastSeq) !== 0)
                    if ($util.Long)
                        message.lastSeq = $util.Long.fromValue(object.lastSeq, true);
                    else if (typeof object.lastSeq === "string")
                        message.lastSeq = $parseInt(object.lastSeq, 10);
                    else if (typeof object.lastSeq === "number")
                        message.lastSeq = object.lastSeq;
                    else if (typeof object.lastSeq === "object")
                        message.lastSeq = new $util.LongBits(object.lastSeq.low >>> 0, object.lastSeq.high >>> 0).toNumber(true);
            if (object.newView != null) {
                if (!$util.isObject(object.newView))
                    throw $TypeError(".pbft.StateReply.newView: object expected");
                message.newView = $root.pbft.Envelope.fromObject(object.newView, _depth + 1);
            }
            if (object.checkpointProof) {
                if (!$Array.isArray(object.checkpointProof))
                    throw $TypeError(".pbft.StateReply.checkpointProof: array expected");
                message.checkpointProof = $Array(object.checkpointProof.length);
                for (let i = 0; i < object.checkpointProof.length; ++i) {
                    if (!$util.isObject(object.checkpointProof[i]))
                        throw $TypeError(".pbft.StateReply.checkpointProof: object expected");
                    message.checkpointProof[i] = $root.pbft.Envelope.fromObject(object.checkpointProof[i], _depth + 1);
                }
            }
            if (object.headProof) {
                if (!$Array.isArray(object.headProof))
                    throw $TypeError(".pbft.StateReply.headProof: array expected");
                message.headProof = $Array(object.headProof.length);
                for (let i = 0; i < object.headProof.length; ++i) {
                    if (!$util.isObject(object.headProof[i]))
                        throw $TypeError(".pbft.StateReply.headProof: object expected");
                    message.headProof[i] = $root.pbft.Envelope.fromObject(object.headProof[i], _depth + 1);
                }
            }
            if (object.headHeaders) {
                if (!$Array.isArray(object.headHeaders))
                    throw $TypeError(".pbft.StateReply.headHeaders: array expected");
                message.headHeaders = $Array(object.headHeaders.length);
                for (let i = 0; i < object.headHeaders.length; ++i)
                    if (typeof object.headHeaders[i] === "string")
                        $util.base64.decode(object.headHeaders[i], message.headHeaders[i] = $util.newBuffer($util.base64.length(object.headHeaders[i])), 0);
                    else if (object.headHeaders[i].length >= 0)
                        message.headHeaders[i] = object.headHeaders[i];
            }
            return message;
        };

        /**
         * Creates a plain object from a StateReply message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.StateReply
         * @static
         * @param {pbft.StateReply} message StateReply
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        StateReply.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults) {
                object.batches = [];
                object.checkpointProof = [];
                object.headProof = [];
                object.headHeaders = [];
            }
            if (options.defaults) {
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.lastSeq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.lastSeq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.newView = null;
            }
            if (message.batches && message.batches.length) {
                object.batches = $Array(message.batches.length);
                for (let j = 0; j < message.batches.length; ++j)
                    object.batches[j] = $root.pbft.CommittedBatch.toObject(message.batches[j], options, _depth + 1);
            }
            if (message.lastSeq != null && $Object.hasOwnProperty.call(message, "lastSeq"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.lastSeq = typeof message.lastSeq === "number" ? $BigInt(message.lastSeq) : $util.Long.fromBits(message.lastSeq.low >>> 0, message.lastSeq.high >>> 0, true).toBigInt();
                else if (typeof message.lastSeq === "number")
                    object.lastSeq = options.longs === $String ? $String(message.lastSeq) : message.lastSeq;
                else
                    object.lastSeq = options.longs === $String ? $util.Long.prototype.toString.call(message.lastSeq) : options.longs === $Number ? new $util.LongBits(message.lastSeq.low >>> 0, message.lastSeq.high >>> 0).toNumber(true) : message.lastSeq;
            if (message.newView != null && $Object.hasOwnProperty.call(message, "newView"))
                object.newView = $root.pbft.Envelope.toObject(message.newView, options, _depth + 1);
            if (message.checkpointProof && message.checkpointProof.length) {
                object.checkpointProof = $Array(message.checkpointProof.length);
                for (let j = 0; j < message.checkpointProof.length; ++j)
                    object.checkpointProof[j] = $root.pbft.Envelope.toObject(message.checkpointProof[j], options, _depth + 1);
            }
            if (message.headProof && message.headProof.length) {
                object.headProof = $Array(message.headProof.length);
                for (let j = 0; j < message.headProof.length; ++j)
                    object.headProof[j] = $root.pbft.Envelope.toObject(message.headProof[j], options, _depth + 1);
            }
            if (message.headHeaders && message.headHeaders.length) {
                object.headHeaders = $Array(message.headHeaders.length);
                for (let j = 0; j < message.headHeaders.length; ++j)
                    object.headHeaders[j] = options.bytes === $String ? $util.base64.encode(message.headHeaders[j], 0, message.headHeaders[j].length) : options.bytes === $Array ? $Array.prototype.slice.call(message.headHeaders[j]) : message.headHeaders[j];
            }
            return object;
        };

        /**
         * Converts this StateReply to JSON.
         * @function toJSON
         * @memberof pbft.StateReply
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        StateReply.prototype.toJSON = function() {
            return StateReply.toObject(this, $protobuf.util.toJSONOptions);
        };

        return StateReply;
    })();

    pbft.ReplicaFrame = (function() {

        /**
         * Properties of a ReplicaFrame.
         * @typedef {Object} pbft.ReplicaFrame.$Properties
         * @property {pbft.Envelope.$Properties|null} [envelope] ReplicaFrame envelope
         * @property {pbft.ClientRequest.$Properties|null} [forwardedRequest] ReplicaFrame forwardedRequest
         * @property {pbft.StateRequest.$Properties|null} [stateRequest] ReplicaFrame stateRequest
         * @property {pbft.StateReply.$Properties|null} [stateReply] ReplicaFrame stateReply
         * @property {"envelope"|"forwardedRequest"|"stateRequest"|"stateReply"} [kind] ReplicaFrame kind
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ReplicaFrame.
         * @memberof pbft
         * @interface IReplicaFrame
         * @augments pbft.ReplicaFrame.$Properties
         * @deprecated Use pbft.ReplicaFrame.$Properties instead.
         */

        /**
         * Narrowed shape of a ReplicaFrame.
         * @typedef {{
         *   envelope?: pbft.Envelope.$Shape|null;
         *   forwardedRequest?: pbft.ClientRequest.$Shape|null;
         *   stateRequest?: pbft.StateRequest.$Shape|null;
         *   stateReply?: pbft.StateReply.$Shape|null;
         *   $unknowns?: Array.<Uint8Array>;
         * } & (
         *   ({ kind?: undefined; envelope?: null; forwardedRequest?: null; stateRequest?: null; stateReply?: null }|{ kind?: "envelope"; envelope: pbft.Envelope.$Shape; forwardedRequest?: null; stateRequest?: null; stateReply?: null }|{ kind?: "forwardedRequest"; envelope?: null; forwardedRequest: pbft.ClientRequest.$Shape; stateRequest?: null; stateReply?: null }|{ kind?: "stateRequest"; envelope?: null; forwardedRequest?: null; stateRequest: pbft.StateRequest.$Shape; stateReply?: null }|{ kind?: "stateReply"; envelope?: null; forwardedRequest?: null; stateRequest?: null; stateReply: pbft.StateReply.$Shape })
         * )} pbft.ReplicaFrame.$Shape
         */

        /**
         * Constructs a new ReplicaFrame.
         * @memberof pbft
         * @classdesc Represents a ReplicaFrame.
         * @constructor
         * @param {pbft.ReplicaFrame.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ReplicaFrame = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ReplicaFrame envelope.
         * @member {pbft.Envelope.$Properties|null|undefined} envelope
         * @memberof pbft.ReplicaFrame
         * @instance
         */
        ReplicaFrame.prototype.envelope = null;

        /**
         * ReplicaFrame forwardedRequest.
         * @member {pbft.ClientRequest.$Properties|null|undefined} forwardedRequest
         * @memberof pbft.ReplicaFrame
         * @instance
         */
        ReplicaFrame.prototype.forwardedRequest = null;

        /**
         * ReplicaFrame stateRequest.
         * @member {pbft.StateRequest.$Properties|null|undefined} stateRequest
         * @memberof pbft.ReplicaFrame
         * @instance
         */
        ReplicaFrame.prototype.stateRequest = null;

        /**
         * ReplicaFrame stateReply.
         * @member {pbft.StateReply.$Properties|null|undefined} stateReply
         * @memberof pbft.ReplicaFrame
         * @instance
         */
        ReplicaFrame.prototype.stateReply = null;

        // OneOf field names bound to virtual getters and setters
        let $oneOfFields;

        /**
         * ReplicaFrame kind.
         * @member {"envelope"|"forwardedRequest"|"stateRequest"|"stateReply"|undefined} kind
         * @memberof pbft.ReplicaFrame
         * @instance
         */
        $Object.defineProperty(ReplicaFrame.prototype, "kind", {
            get: $util.oneOfGetter($oneOfFields = ["envelope", "forwardedRequest", "stateRequest", "stateReply"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        /**
         * Creates a new ReplicaFrame instance using the specified properties.
         * @function create
         * @memberof pbft.ReplicaFrame
         * @static
         * @param {pbft.ReplicaFrame.$Properties=} [properties] Properties to set
         * @returns {pbft.ReplicaFrame} ReplicaFrame instance
         * @type {{
         *   (properties: pbft.ReplicaFrame.$Shape): pbft.ReplicaFrame & pbft.ReplicaFrame.$Shape;
         *   (properties?: pbft.ReplicaFrame.$Properties): pbft.ReplicaFrame;
         * }}
         */
        ReplicaFrame.create = function(properties) {
            return new ReplicaFrame(properties);
        };

        /**
         * Encodes the specified ReplicaFrame message. Does not implicitly {@link pbft.ReplicaFrame.verify|verify} messages.
         * @function encode
         * @memberof pbft.ReplicaFrame
         * @static
         * @param {pbft.ReplicaFrame.$Properties} message ReplicaFrame message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ReplicaFrame.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.envelope != null && $Object.hasOwnProperty.call(message, "envelope"))
                $root.pbft.Envelope.encode(message.envelope, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.forwardedRequest != null && $Object.hasOwnProperty.call(message, "forwardedRequest"))
                $root.pbft.ClientRequest.encode(message.forwardedRequest, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
            if (message.stateRequest != null && $Object.hasOwnProperty.call(message, "stateRequest"))
                $root.pbft.StateRequest.encode(message.stateRequest, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
            if (message.stateReply != null && $Object.hasOwnProperty.call(message, "stateReply"))
                $root.pbft.StateReply.encode(message.stateReply, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ReplicaFrame message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.ReplicaFrame
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.ReplicaFrame & pbft.ReplicaFrame.$Shape} ReplicaFrame
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ReplicaFrame.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.ReplicaFrame();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.envelope = $root.pbft.Envelope.decode(reader, reader.size(), $undefined, _depth + 1, message.envelope);
                        message.kind = "envelope";
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        message.forwardedRequest = $root.pbft.ClientRequest.decode(reader, reader.size(), $undefined, _depth + 1, message.forwardedRequest);
                        message.kind = "forwardedRequest";
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        message.stateRequest = $root.pbft.StateRequest.decode(reader, reader.size(), $undefined, _depth + 1, message.stateRequest);
                        message.kind = "stateRequest";
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        message.stateReply = $root.pbft.StateReply.decode(reader, reader.size(), $undefined, _depth + 1, message.stateReply);
                        message.kind = "stateReply";
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies a ReplicaFrame message.
         * @function verify
         * @memberof pbft.ReplicaFrame
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        ReplicaFrame.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            let properties = {};
            if (message.envelope != null && $Object.hasOwnProperty.call(message, "envelope")) {
                properties.kind = 1;
                {
                    let error = $root.pbft.Envelope.verify(message.envelope, _depth + 1);
                    if (error)
                        return "envelope." + error;
                }
            }
            if (message.forwardedRequest != null && $Object.hasOwnProperty.call(message, "forwardedRequest")) {
                if (properties.kind === 1)
                    return "kind: multiple values";
                properties.kind = 1;
                {
                    let error = $root.pbft.ClientRequest.verify(message.forwardedRequest, _depth + 1);
                    if (error)
                        return "forwardedRequest." + error;
                }
            }
            if (message.stateRequest != null && $Object.hasOwnProperty.call(message, "stateRequest")) {
                if (properties.kind === 1)
                    return "kind: multiple values";
                properties.kind = 1;
                {
                    let error = $root.pbft.StateRequest.verify(message.stateRequest, _depth + 1);
                    if (error)
                        return "stateRequest." + error;
                }
            }
            if (message.stateReply != null && $Object.hasOwnProperty.call(message, "stateReply")) {
                if (properties.kind === 1)
                    return "kind: multiple values";
                properties.kind = 1;
                {
                    let error = $root.pbft.StateReply.verify(message.stateReply, _depth + 1);
                    if (error)
                        return "stateReply." + error;
                }
            }
            return null;
        };

        /**
         * Creates a ReplicaFrame message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.ReplicaFrame
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.ReplicaFrame} ReplicaFrame
         */
        ReplicaFrame.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.ReplicaFrame)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.ReplicaFrame: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.ReplicaFrame();
            if (object.envelope != null) {
                if (!$util.isObject(object.envelope))
                    throw $TypeError(".pbft.ReplicaFrame.envelope: object expected");
                message.envelope = $root.pbft.Envelope.fromObject(object.envelope, _depth + 1);
            }
            if (object.forwardedRequest != null) {
                if (!$util.isObject(object.forwardedRequest))
                    throw $TypeError(".pbft.ReplicaFrame.forwardedRequest: object expected");
                message.forwardedRequest = $root.pbft.ClientRequest.fromObject(object.forwardedRequest, _depth + 1);
            }
            if (object.stateRequest != null) {
                if (!$util.isObject(object.stateRequest))
                    throw $TypeError(".pbft.ReplicaFrame.stateRequest: object expected");
                message.stateRequest = $root.pbft.StateRequest.fromObject(object.stateRequest, _depth + 1);
            }
            if (object.stateReply != null) {
                if (!$util.isObject(object.stateReply))
                    throw $TypeError(".pbft.ReplicaFrame.stateReply: object expected");
                message.stateReply = $root.pbft.StateReply.fromObject(object.stateReply, _depth + 1);
            }
            return message;
        };

        /**
         * Creates a plain object from a ReplicaFrame message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.ReplicaFrame
         * @static
         * @param {pbft.ReplicaFrame} message ReplicaFrame
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ReplicaFrame.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (message.envelope != null && $Object.hasOwnProperty.call(message, "envelope")) {
                object.envelope = $root.pbft.Envelope.toObject(message.envelope, options, _depth + 1);
                if (options.oneofs)
                    object.kind = "envelope";
            }
            if (message.forwardedRequest != null && $Object.hasOwnProperty.call(message, "forwardedRequest")) {
                object.forwardedRequest = $root.pbft.ClientRequest.toObject(message.forwardedRequest, options, _depth + 1);
                if (options.oneofs)
                    object.kind = "forwardedRequest";
            }
            if (message.stateRequest != null && $Object.hasOwnProperty.call(message, "stateRequest")) {
                object.stateRequest = $root.pbft.StateRequest.toObject(message.stateRequest, options, _depth + 1);
                if (options.oneofs)
                    object.kind = "stateRequest";
            }
            if (message.stateReply != null && $Object.hasOwnProperty.call(message, "stateReply")) {
                object.stateReply = $root.pbft.StateReply.toObject(message.stateReply, options, _depth + 1);
                if (options.oneofs)
                    object.kind = "stateReply";
            }
            return object;
        };

        /**
         * Converts this ReplicaFrame to JSON.
         * @function toJSON
         * @memberof pbft.ReplicaFrame
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ReplicaFrame.prototype.toJSON = function() {
            return ReplicaFrame.toObject(this, $protobuf.util.toJSONOptions);
        };

        return ReplicaFrame;
    })();

    pbft.EntryHeader = (function() {

        /**
         * Properties of an EntryHeader.
         * @typedef {Object} pbft.EntryHeader.$Properties
         * @property {number|null} [height] EntryHeader height
         * @property {Uint8Array|null} [prevHash] EntryHeader prevHash
         * @property {Uint8Array|null} [batchDigest] EntryHeader batchDigest
         * @property {Uint8Array|null} [resultsDigest] EntryHeader resultsDigest
         * @property {number|null} [requestCount] EntryHeader requestCount
         * @property {number|null} [epoch] EntryHeader epoch
         * @property {Uint8Array|null} [nextConfigHash] EntryHeader nextConfigHash
         * @property {number|null} [timeMs] EntryHeader timeMs
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an EntryHeader.
         * @memberof pbft
         * @interface IEntryHeader
         * @augments pbft.EntryHeader.$Properties
         * @deprecated Use pbft.EntryHeader.$Properties instead.
         */

        /**
         * Shape of an EntryHeader.
         * @typedef {pbft.EntryHeader.$Properties} pbft.EntryHeader.$Shape
         */

        /**
         * Constructs a new EntryHeader.
         * @memberof pbft
         * @classdesc Represents an EntryHeader.
         * @constructor
         * @param {pbft.EntryHeader.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const EntryHeader = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * EntryHeader height.
         * @member {number} height
         * @memberof pbft.EntryHeader
         * @instance
         */
        EntryHeader.prototype.height = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * EntryHeader prevHash.
         * @member {Uint8Array} prevHash
         * @memberof pbft.EntryHeader
         * @instance
         */
        EntryHeader.prototype.prevHash = $util.newBuffer([]);

        /**
         * EntryHeader batchDigest.
         * @member {Uint8Array} batchDigest
         * @memberof pbft.EntryHeader
         * @instance
         */
        EntryHeader.prototype.batchDigest = $util.newBuffer([]);

        /**
         * EntryHeader resultsDigest.
         * @member {Uint8Array} resultsDigest
         * @memberof pbft.EntryHeader
         * @instance
         */
        EntryHeader.prototype.resultsDigest = $util.newBuffer([]);

        /**
         * EntryHeader requestCount.
         * @member {number} requestCount
         * @memberof pbft.EntryHeader
         * @instance
         */
        EntryHeader.prototype.requestCount = 0;

        /**
         * EntryHeader epoch.
         * @member {number} epoch
         * @memberof pbft.EntryHeader
         * @instance
         */
        EntryHeader.prototype.epoch = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * EntryHeader nextConfigHash.
         * @member {Uint8Array} nextConfigHash
         * @memberof pbft.EntryHeader
         * @instance
         */
        EntryHeader.prototype.nextConfigHash = $util.newBuffer([]);

        /**
         * EntryHeader timeMs.
         * @member {number} timeMs
         * @memberof pbft.EntryHeader
         * @instance
         */
        EntryHeader.prototype.timeMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new EntryHeader instance using the specified properties.
         * @function create
         * @memberof pbft.EntryHeader
         * @static
         * @param {pbft.EntryHeader.$Properties=} [properties] Properties to set
         * @returns {pbft.EntryHeader} EntryHeader instance
         * @type {{
         *   (properties: pbft.EntryHeader.$Shape): pbft.EntryHeader & pbft.EntryHeader.$Shape;
         *   (properties?: pbft.EntryHeader.$Properties): pbft.EntryHeader;
         * }}
         */
        EntryHeader.create = function(properties) {
            return new EntryHeader(properties);
        };

        /**
         * Encodes the specified EntryHeader message. Does not implicitly {@link pbft.EntryHeader.verify|verify} messages.
         * @function encode
         * @memberof pbft.EntryHeader
         * @static
         * @param {pbft.EntryHeader.$Properties} message EntryHeader message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        EntryHeader.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.height != null && $Object.hasOwnProperty.call(message, "height") && (typeof message.height === "object" ? message.height.low || message.height.high : message.height !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.height);
            if (message.prevHash != null && $Object.hasOwnProperty.call(message, "prevHash") && message.prevHash.length)
                writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.prevHash);
            if (message.batchDigest != null && $Object.hasOwnProperty.call(message, "batchDigest") && message.batchDigest.length)
                writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.batchDigest);
            if (message.resultsDigest != null && $Object.hasOwnProperty.call(message, "resultsDigest") && message.resultsDigest.length)
                writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.resultsDigest);
            if (message.requestCount != null && $Object.hasOwnProperty.call(message, "requestCount") && message.requestCount !== 0)
                writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.requestCount);
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch") && (typeof message.epoch === "object" ? message.epoch.low || message.epoch.high : message.epoch !== 0))
                writer.uint32(/* id 7, wireType 0 =*/56).uint64(message.epoch);
            if (message.nextConfigHash != null && $Object.hasOwnProperty.call(message, "nextConfigHash") && message.nextConfigHash.length)
                writer.uint32(/* id 8, wireType 2 =*/66).bytes(message.nextConfigHash);
            if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs") && (typeof message.timeMs === "object" ? message.timeMs.low || message.timeMs.high : message.timeMs !== 0))
                writer.uint32(/* id 9, wireType 0 =*/72).uint64(message.timeMs);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an EntryHeader message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.EntryHeader
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.EntryHeader & pbft.EntryHeader.$Shape} EntryHeader
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        EntryHeader.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.EntryHeader();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.height = value;
                        else
                            delete message.height;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.prevHash = value;
                        else
                            delete message.prevHash;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.batchDigest = value;
                        else
                            delete message.batchDigest;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.resultsDigest = value;
                        else
                            delete message.resultsDigest;
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.requestCount = value;
                        else
                            delete message.requestCount;
                        continue;
                    }
                case 7: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.epoch = value;
                        else
                            delete message.epoch;
                        continue;
                    }
                case 8: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.nextConfigHash = value;
                        else
                            delete message.nextConfigHash;
                        continue;
                    }
                case 9: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.timeMs = value;
                        else
                            delete message.timeMs;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies an EntryHeader message.
         * @function verify
         * @memberof pbft.EntryHeader
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        EntryHeader.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.height != null && $Object.hasOwnProperty.call(message, "height"))
                if (!$util.isInteger(message.height) && !(message.height && $util.isInteger(message.height.low) && $util.isInteger(message.height.high)))
                    return "height: integer|Long expected";
            if (message.prevHash != null && $Object.hasOwnProperty.call(message, "prevHash"))
                if (!(message.prevHash && typeof message.prevHash.length === "number" || $util.isString(message.prevHash)))
                    return "prevHash: buffer expected";
            if (message.batchDigest != null && $Object.hasOwnProperty.call(message, "batchDigest"))
                if (!(message.batchDigest && typeof message.batchDigest.length === "number" || $util.isString(message.batchDigest)))
                    return "batchDigest: buffer expected";
            if (message.resultsDigest != null && $Object.hasOwnProperty.call(message, "resultsDigest"))
                if (!(message.resultsDigest && typeof message.resultsDigest.length === "number" || $util.isString(message.resultsDigest)))
                    return "resultsDigest: buffer expected";
            if (message.requestCount != null && $Object.hasOwnProperty.call(message, "requestCount"))
                if (!$util.isInteger(message.requestCount))
                    return "requestCount: integer expected";
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (!$util.isInteger(message.epoch) && !(message.epoch && $util.isInteger(message.epoch.low) && $util.isInteger(message.epoch.high)))
                    return "epoch: integer|Long expected";
            if (message.nextConfigHash != null && $Object.hasOwnProperty.call(message, "nextConfigHash"))
                if (!(message.nextConfigHash && typeof message.nextConfigHash.length === "number" || $util.isString(message.nextConfigHash)))
                    return "nextConfigHash: buffer expected";
            if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs"))
                if (!$util.isInteger(message.timeMs) && !(message.timeMs && $util.isInteger(message.timeMs.low) && $util.isInteger(message.timeMs.high)))
                    return "timeMs: integer|Long expected";
            return null;
        };

        /**
         * Creates an EntryHeader message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.EntryHeader
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.EntryHeader} EntryHeader
         */
        EntryHeader.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.EntryHeader)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.EntryHeader: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.EntryHeader();
            if (object.height != null)
                if (typeof object.height === "object" ? object.height.low || object.height.high : $Number(object.height) !== 0)
                    if ($util.Long)
                        message.height = $util.Long.fromValue(object.height, true);
                    else if (typeof object.height === "string")
                        message.height = $parseInt(object.height, 10);
                    else if (typeof object.height === "number")
                        message.height = object.height;
                    else if (typeof object.height === "object")
                        message.height = new $util.LongBits(object.height.low >>> 0, object.height.high >>> 0).toNumber(true);
            if (object.prevHash != null)
                if (object.prevHash.length)
                    if (typeof object.prevHash === "string")
                        $util.base64.decode(object.prevHash, message.prevHash = $util.newBuffer($util.base64.length(object.prevHash)), 0);
                    else if (object.prevHash.length >= 0)
                        message.prevHash = object.prevHash;
            if (object.batchDigest != null)
                if (object.batchDigest.length)
                    if (typeof object.batchDigest === "string")
                        $util.base64.decode(object.batchDigest, message.batchDigest = $util.newBuffer($util.base64.length(object.batchDigest)), 0);
                    else if (object.batchDigest.length >= 0)
                        message.batchDigest = object.batchDigest;
            if (object.resultsDigest != null)
                if (object.resultsDigest.length)
                    if (typeof object.resultsDigest === "string")
                        $util.base64.decode(object.resultsDigest, message.resultsDigest = $util.newBuffer($util.base64.length(object.resultsDigest)), 0);
                    else if (object.resultsDigest.length >= 0)
                        message.resultsDigest = object.resultsDigest;
            if (object.requestCount != null)
                if ($Number(object.requestCount) !== 0)
                    message.requestCount = object.requestCount >>> 0;
            if (object.epoch != null)
                if (typeof object.epoch === "object" ? object.epoch.low || object.epoch.high : $Number(object.epoch) !== 0)
                    if ($util.Long)
                        message.epoch = $util.Long.fromValue(object.epoch, true);
                    else if (typeof object.epoch === "string")
                        message.epoch = $parseInt(object.epoch, 10);
                    else if (typeof object.epoch === "number")
                        message.epoch = object.epoch;
                    else if (typeof object.epoch === "object")
                        message.epoch = new $util.LongBits(object.epoch.low >>> 0, object.epoch.high >>> 0).toNumber(true);
            if (object.nextConfigHash != null)
                if (object.nextConfigHash.length)
                    if (typeof object.nextConfigHash === "string")
                        $util.base64.decode(object.nextConfigHash, message.nextConfigHash = $util.newBuffer($util.base64.length(object.nextConfigHash)), 0);
                    else if (object.nextConfigHash.length >= 0)
                        message.nextConfigHash = object.nextConfigHash;
            if (object.timeMs != null)
                if (typeof object.timeMs === "object" ? object.timeMs.low || object.timeMs.high : $Number(object.timeMs) !== 0)
                    if ($util.Long)
                        message.timeMs = $util.Long.fromValue(object.timeMs, true);
                    else if (typeof object.timeMs === "string")
                        message.timeMs = $parseInt(object.timeMs, 10);
                    else if (typeof object.timeMs === "number")
                        message.timeMs = object.timeMs;
                    else if (typeof object.timeMs === "object")
                        message.timeMs = new $util.LongBits(object.timeMs.low >>> 0, object.timeMs.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from an EntryHeader message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.EntryHeader
         * @static
         * @param {pbft.EntryHeader} message EntryHeader
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        EntryHeader.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.height = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.height = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if (options.bytes === $String)
                    object.prevHash = "";
                else {
                    object.prevHash = [];
                    if (options.bytes !== $Array)
                        object.prevHash = $util.newBuffer(object.prevHash);
                }
                if (options.bytes === $String)
                    object.batchDigest = "";
                else {
                    object.batchDigest = [];
                    if (options.bytes !== $Array)
                        object.batchDigest = $util.newBuffer(object.batchDigest);
                }
                if (options.bytes === $String)
                    object.resultsDigest = "";
                else {
                    object.resultsDigest = [];
                    if (options.bytes !== $Array)
                        object.resultsDigest = $util.newBuffer(object.resultsDigest);
                }
                object.requestCount = 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.epoch = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.epoch = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if (options.bytes === $String)
                    object.nextConfigHash = "";
                else {
                    object.nextConfigHash = [];
                    if (options.bytes !== $Array)
                        object.nextConfigHash = $util.newBuffer(object.nextConfigHash);
                }
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.timeMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.timeMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.height != null && $Object.hasOwnProperty.call(message, "height"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.height = typeof message.height === "number" ? $BigInt(message.height) : $util.Long.fromBits(message.height.low >>> 0, message.height.high >>> 0, true).toBigInt();
                else if (typeof message.height === "number")
                    object.height = options.longs === $String ? $String(message.height) : message.height;
                else
                    object.height = options.longs === $String ? $util.Long.prototype.toString.call(message.height) : options.longs === $Number ? new $util.LongBits(message.height.low >>> 0, message.height.high >>> 0).toNumber(true) : message.height;
            if (message.prevHash != null && $Object.hasOwnProperty.call(message, "prevHash"))
                object.prevHash = options.bytes === $String ? $util.base64.encode(message.prevHash, 0, message.prevHash.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.prevHash) : message.prevHash;
            if (message.batchDigest != null && $Object.hasOwnProperty.call(message, "batchDigest"))
                object.batchDigest = options.bytes === $String ? $util.base64.encode(message.batchDigest, 0, message.batchDigest.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.batchDigest) : message.batchDigest;
            if (message.resultsDigest != null && $Object.hasOwnProperty.call(message, "resultsDigest"))
                object.resultsDigest = options.bytes === $String ? $util.base64.encode(message.resultsDigest, 0, message.resultsDigest.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.resultsDigest) : message.resultsDigest;
            if (message.requestCount != null && $Object.hasOwnProperty.call(message, "requestCount"))
                object.requestCount = message.requestCount;
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.epoch = typeof message.epoch === "number" ? $BigInt(message.epoch) : $util.Long.fromBits(message.epoch.low >>> 0, message.epoch.high >>> 0, true).toBigInt();
                else if (typeof message.epoch === "number")
                    object.epoch = options.longs === $String ? $String(message.epoch) : message.epoch;
                else
                    object.epoch = options.longs === $String ? $util.Long.prototype.toString.call(message.epoch) : options.longs === $Number ? new $util.LongBits(message.epoch.low >>> 0, message.epoch.high >>> 0).toNumber(true) : message.epoch;
            if (message.nextConfigHash != null && $Object.hasOwnProperty.call(message, "nextConfigHash"))
                object.nextConfigHash = options.bytes === $String ? $util.base64.encode(message.nextConfigHash, 0, message.nextConfigHash.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.nextConfigHash) : message.nextConfigHash;
            if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.timeMs = typeof message.timeMs === "number" ? $BigInt(message.timeMs) : $util.Long.fromBits(message.timeMs.low >>> 0, message.timeMs.high >>> 0, true).toBigInt();
                else if (typeof message.timeMs === "number")
                    object.timeMs = options.longs === $String ? $String(message.timeMs) : message.timeMs;
                else
                    object.timeMs = options.longs === $String ? $util.Long.prototype.toString.call(message.timeMs) : options.longs === $Number ? new $util.LongBits(message.timeMs.low >>> 0, message.timeMs.high >>> 0).toNumber(true) : message.timeMs;
            return object;
        };

        /**
         * Converts this EntryHeader to JSON.
         * @function toJSON
         * @memberof pbft.EntryHeader
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        EntryHeader.prototype.toJSON = function() {
            return EntryHeader.toObject(this, $protobuf.util.toJSONOptions);
        };

        return EntryHeader;
    })();

    pbft.ExecutionResult = (function() {

        /**
         * Properties of an ExecutionResult.
         * @typedef {Object} pbft.ExecutionResult.$Properties
         * @property {boolean|null} [accepted] ExecutionResult accepted
         * @property {string|null} [reason] ExecutionResult reason
         * @property {string|null} [proposalId] ExecutionResult proposalId
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an ExecutionResult.
         * @memberof pbft
         * @interface IExecutionResult
         * @augments pbft.ExecutionResult.$Properties
         * @deprecated Use pbft.ExecutionResult.$Properties instead.
         */

        /**
         * Shape of an ExecutionResult.
         * @typedef {pbft.ExecutionResult.$Properties} pbft.ExecutionResult.$Shape
         */

        /**
         * Constructs a new ExecutionResult.
         * @memberof pbft
         * @classdesc Represents an ExecutionResult.
         * @constructor
         * @param {pbft.ExecutionResult.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ExecutionResult = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ExecutionResult accepted.
         * @member {boolean} accepted
         * @memberof pbft.ExecutionResult
         * @instance
         */
        ExecutionResult.prototype.accepted = false;

        /**
         * ExecutionResult reason.
         * @member {string} reason
         * @memberof pbft.ExecutionResult
         * @instance
         */
        ExecutionResult.prototype.reason = "";

        /**
         * ExecutionResult proposalId.
         * @member {string} proposalId
         * @memberof pbft.ExecutionResult
         * @instance
         */
        ExecutionResult.prototype.proposalId = "";

        /**
         * Creates a new ExecutionResult instance using the specified properties.
         * @function create
         * @memberof pbft.ExecutionResult
         * @static
         * @param {pbft.ExecutionResult.$Properties=} [properties] Properties to set
         * @returns {pbft.ExecutionResult} ExecutionResult instance
         * @type {{
         *   (properties: pbft.ExecutionResult.$Shape): pbft.ExecutionResult & pbft.ExecutionResult.$Shape;
         *   (properties?: pbft.ExecutionResult.$Properties): pbft.ExecutionResult;
         * }}
         */
        ExecutionResult.create = function(properties) {
            return new ExecutionResult(properties);
        };

        /**
         * Encodes the specified ExecutionResult message. Does not implicitly {@link pbft.ExecutionResult.verify|verify} messages.
         * @function encode
         * @memberof pbft.ExecutionResult
         * @static
         * @param {pbft.ExecutionResult.$Properties} message ExecutionResult message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ExecutionResult.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.accepted != null && $Object.hasOwnProperty.call(message, "accepted") && message.accepted !== false)
                writer.uint32(/* id 1, wireType 0 =*/8).bool(message.accepted);
            if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.reason);
            if (message.proposalId != null && $Object.hasOwnProperty.call(message, "proposalId") && message.proposalId !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.proposalId);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an ExecutionResult message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.ExecutionResult
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.ExecutionResult & pbft.ExecutionResult.$Shape} ExecutionResult
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ExecutionResult.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.ExecutionResult();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.accepted = value;
                        else
                            delete message.accepted;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.reason = value;
                        else
                            delete message.reason;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.proposalId = value;
                        else
                            delete message.proposalId;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies an ExecutionResult message.
         * @function verify
         * @memberof pbft.ExecutionResult
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        ExecutionResult.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.accepted != null && $Object.hasOwnProperty.call(message, "accepted"))
                if (typeof message.accepted !== "boolean")
                    return "accepted: boolean expected";
            if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                if (!$util.isString(message.reason))
                    return "reason: string expected";
            if (message.proposalId != null && $Object.hasOwnProperty.call(message, "proposalId"))
                if (!$util.isString(message.proposalId))
                    return "proposalId: string expected";
            return null;
        };

        /**
         * Creates an ExecutionResult message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.ExecutionResult
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.ExecutionResult} ExecutionResult
         */
        ExecutionResult.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.ExecutionResult)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.ExecutionResult: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.ExecutionResult();
            if (object.accepted != null)
                if (object.accepted)
                    message.accepted = $Boolean(object.accepted);
            if (object.reason != null)
                if (typeof object.reason !== "string" || object.reason.length)
                    message.reason = $String(object.reason);
            if (object.proposalId != null)
                if (typeof object.proposalId !== "string" || object.proposalId.length)
                    message.proposalId = $String(object.proposalId);
            return message;
        };

        /**
         * Creates a plain object from an ExecutionResult message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.ExecutionResult
         * @static
         * @param {pbft.ExecutionResult} message ExecutionResult
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ExecutionResult.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.accepted = false;
                object.reason = "";
                object.proposalId = "";
            }
            if (message.accepted != null && $Object.hasOwnProperty.call(message, "accepted"))
                object.accepted = message.accepted;
            if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                object.reason = message.reason;
            if (message.proposalId != null && $Object.hasOwnProperty.call(message, "proposalId"))
                object.proposalId = message.proposalId;
            return object;
        };

        /**
         * Converts this ExecutionResult to JSON.
         * @function toJSON
         * @memberof pbft.ExecutionResult
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ExecutionResult.prototype.toJSON = function() {
            return ExecutionResult.toObject(this, $protobuf.util.toJSONOptions);
        };

        return ExecutionResult;
    })();

    pbft.Reply = (function() {

        /**
         * Properties of a Reply.
         * @typedef {Object} pbft.Reply.$Properties
         * @property {pbft.Envelope.$Properties|null} [attestation] Reply attestation
         * @property {Uint8Array|null} [header] Reply header
         * @property {number|null} [index] Reply index
         * @property {Array.<Uint8Array>|null} [requestProof] Reply requestProof
         * @property {Uint8Array|null} [result] Reply result
         * @property {Array.<Uint8Array>|null} [resultProof] Reply resultProof
         * @property {pbft.CommitCertificate.$Properties|null} [certificate] Reply certificate
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Reply.
         * @memberof pbft
         * @interface IReply
         * @augments pbft.Reply.$Properties
         * @deprecated Use pbft.Reply.$Properties instead.
         */

        /**
         * Shape of a Reply.
         * @typedef {pbft.Reply.$Properties} pbft.Reply.$Shape
         */

        /**
         * Constructs a new Reply.
         * @memberof pbft
         * @classdesc Represents a Reply.
         * @constructor
         * @param {pbft.Reply.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Reply = function (properties) {
            this.requestProof = [];
            this.resultProof = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Reply attestation.
         * @member {pbft.Envelope.$Properties|null|undefined} attestation
         * @memberof pbft.Reply
         * @instance
         */
        Reply.prototype.attestation = null;

        /**
         * Reply header.
         * @member {Uint8Array} header
         * @memberof pbft.Reply
         * @instance
         */
        Reply.prototype.header = $util.newBuffer([]);

        /**
         * Reply index.
         * @member {number} index
         * @memberof pbft.Reply
         * @instance
         */
        Reply.prototype.index = 0;

        /**
         * Reply requestProof.
         * @member {Array.<Uint8Array>} requestProof
         * @memberof pbft.Reply
         * @instance
         */
        Reply.prototype.requestProof = $util.emptyArray;

        /**
         * Reply result.
         * @member {Uint8Array} result
         * @memberof pbft.Reply
         * @instance
         */
        Reply.prototype.result = $util.newBuffer([]);

        /**
         * Reply resultProof.
         * @member {Array.<Uint8Array>} resultProof
         * @memberof pbft.Reply
         * @instance
         */
        Reply.prototype.resultProof = $util.emptyArray;

        /**
         * Reply certificate.
         * @member {pbft.CommitCertificate.$Properties|null|undefined} certificate
         * @memberof pbft.Reply
         * @instance
         */
        Reply.prototype.certificate = null;

        /**
         * Creates a new Reply instance using the specified properties.
         * @function create
         * @memberof pbft.Reply
         * @static
         * @param {pbft.Reply.$Properties=} [properties] Properties to set
         * @returns {pbft.Reply} Reply instance
         * @type {{
         *   (properties: pbft.Reply.$Shape): pbft.Reply & pbft.Reply.$Shape;
         *   (properties?: pbft.Reply.$Properties): pbft.Reply;
         * }}
         */
        Reply.create = function(properties) {
            return new Reply(properties);
        };

        /**
         * Encodes the specified Reply message. Does not implicitly {@link pbft.Reply.verify|verify} messages.
         * @function encode
         * @memberof pbft.Reply
         * @static
         * @param {pbft.Reply.$Properties} message Reply message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Reply.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.attestation != null && $Object.hasOwnProperty.call(message, "attestation"))
                $root.pbft.Envelope.encode(message.attestation, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.header != null && $Object.hasOwnProperty.call(message, "header") && message.header.length)
                writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.header);
            if (message.index != null && $Object.hasOwnProperty.call(message, "index") && message.index !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.index);
            if (message.requestProof != null && message.requestProof.length)
                for (let i = 0; i < message.requestProof.length; ++i)
                    writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.requestProof[i]);
            if (message.result != null && $Object.hasOwnProperty.call(message, "result") && message.result.length)
                writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.result);
            if (message.resultProof != null && message.resultProof.length)
                for (let i = 0; i < message.resultProof.length; ++i)
                    writer.uint32(/* id 6, wireType 2 =*/50).bytes(message.resultProof[i]);
            if (message.certificate != null && $Object.hasOwnProperty.call(message, "certificate"))
                $root.pbft.CommitCertificate.encode(message.certificate, writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Reply message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.Reply
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.Reply & pbft.Reply.$Shape} Reply
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Reply.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.Reply();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.attestation = $root.pbft.Envelope.decode(reader, reader.size(), $undefined, _depth + 1, message.attestation);
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.header = value;
                        else
                            delete message.header;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.index = value;
                        else
                            delete message.index;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.requestProof && message.requestProof.length))
                            message.requestProof = [];
                        message.requestProof.push(reader.bytes());
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.result = value;
                        else
                            delete message.result;
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if (!(message.resultProof && message.resultProof.length))
                            message.resultProof = [];
                        message.resultProof.push(reader.bytes());
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        message.certificate = $root.pbft.CommitCertificate.decode(reader, reader.size(), $undefined, _depth + 1, message.certificate);
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies a Reply message.
         * @function verify
         * @memberof pbft.Reply
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        Reply.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.attestation != null && $Object.hasOwnProperty.call(message, "attestation")) {
                let error = $root.pbft.Envelope.verify(message.attestation, _depth + 1);
                if (error)
                    return "attestation." + error;
            }
            if (message.header != null && $Object.hasOwnProperty.call(message, "header"))
                if (!(message.header && typeof message.header.length === "number" || $util.isString(message.header)))
                    return "header: buffer expected";
            if (message.index != null && $Object.hasOwnProperty.call(message, "index"))
                if (!$util.isInteger(message.index))
                    return "index: integer expected";
            if (message.requestProof != null && $Object.hasOwnProperty.call(message, "requestProof")) {
                if (!$Array.isArray(message.requestProof))
                    return "requestProof: array expected";
                for (let i = 0; i < message.requestProof.length; ++i)
                    if (!(message.requestProof[i] && typeof message.requestProof[i].length === "number" || $util.isString(message.requestProof[i])))
                        return "requestProof: buffer[] expected";
            }
            if (message.result != null && $Object.hasOwnProperty.call(message, "result"))
                if (!(message.result && typeof message.result.length === "number" || $util.isString(message.result)))
                    return "result: buffer expected";
            if (message.resultProof != null && $Object.hasOwnProperty.call(message, "resultProof")) {
                if (!$Array.isArray(message.resultProof))
                    return "resultProof: array expected";
                for (let i = 0; i < message.resultProof.length; ++i)
                    if (!(message.resultProof[i] && typeof message.resultProof[i].length === "number" || $util.isString(message.resultProof[i])))
                        return "resultProof: buffer[] expected";
            }
            if (message.certificate != null && $Object.hasOwnProperty.call(message, "certificate")) {
                let error = $root.pbft.CommitCertificate.verify(message.certificate, _depth + 1);
                if (error)
                    return "certificate." + error;
            }
            return null;
        };

        /**
         * Creates a Reply message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.Reply
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.Reply} Reply
         */
        Reply.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.Reply)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.Reply: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.Reply();
            if (object.attestation != null) {
                if (!$util.isObject(object.attestation))
                    throw $TypeError(".pbft.Reply.attestation: object expected");
                message.attestation = $root.pbft.Envelope.fromObject(object.attestation, _depth + 1);
            }
            if (object.header != null)
                if (object.header.length)
                    if (typeof object.header === "string")
                        $util.base64.decode(object.header, message.header = $util.newBuffer($util.base64.length(object.header)), 0);
                    else if (object.header.length >= 0)
                        message.header = object.header;
            if (object.index != null)
                if ($Number(object.index) !== 0)
                    message.index = object.index >>> 0;
            if (object.requestProof) {
                if (!$Array.isArray(object.requestProof))
                    throw $TypeError(".pbft.Reply.requestProof: array expected");
                message.requestProof = $Array(object.requestProof.length);
                for (let i = 0; i < object.requestProof.length; ++i)
                    if (typeof object.requestProof[i] === "string")
                        $util.base64.decode(object.requestProof[i], message.requestProof[i] = $util.newBuffer($util.base64.length(object.requestProof[i])), 0);
                    else if (object.requestProof[i].length >= 0)
                        message.requestProof[i] = object.requestProof[i];
            }
            if (object.result != null)
                if (object.result.length)
                    if (typeof object.result === "string")
                        $util.base64.decode(object.result, message.result = $util.newBuffer($util.base64.length(object.result)), 0);
                    else if (object.result.length >= 0)
                        message.result = object.result;
            if (object.resultProof) {
                if (!$Array.isArray(object.resultProof))
                    throw $TypeError(".pbft.Reply.resultProof: array expected");
                message.resultProof = $Array(object.resultProof.length);
                for (let i = 0; i < object.resultProof.length; ++i)
                    if (typeof object.resultProof[i] === "string")
                        $util.base64.decode(object.resultProof[i], message.resultProof[i] = $util.newBuffer($util.base64.length(object.resultProof[i])), 0);
                    else if (object.resultProof[i].length >= 0)
                        message.resultProof[i] = object.resultProof[i];
            }
            if (object.certificate != null) {
                if (!$util.isObject(object.certificate))
                    throw $TypeError(".pbft.Reply.certificate: object expected");
                message.certificate = $root.pbft.CommitCertificate.fromObject(object.certificate, _depth + 1);
            }
            return message;
        };

        /**
         * Creates a plain object from a Reply message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.Reply
         * @static
         * @param {pbft.Reply} message Reply
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Reply.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults) {
                object.requestProof = [];
                object.resultProof = [];
            }
            if (options.defaults) {
                object.attestation = null;
                if (options.bytes === $String)
                    object.header = "";
                else {
                    object.header = [];
                    if (options.bytes !== $Array)
                        object.header = $util.newBuffer(object.header);
                }
                object.index = 0;
                if (options.bytes === $String)
                    object.result = "";
                else {
                    object.result = [];
                    if (options.bytes !== $Array)
                        object.result = $util.newBuffer(object.result);
                }
                object.certificate = null;
            }
            if (message.attestation != null && $Object.hasOwnProperty.call(message, "attestation"))
                object.attestation = $root.pbft.Envelope.toObject(message.attestation, options, _depth + 1);
            if (message.header != null && $Object.hasOwnProperty.call(message, "header"))
                object.header = options.bytes === $String ? $util.base64.encode(message.header, 0, message.header.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.header) : message.header;
            if (message.index != null && $Object.hasOwnProperty.call(message, "index"))
                object.index = message.index;
            if (message.requestProof && message.requestProof.length) {
                object.requestProof = $Array(message.requestProof.length);
                for (let j = 0; j < message.requestProof.length; ++j)
                    object.requestProof[j] = options.bytes === $String ? $util.base64.encode(message.requestProof[j], 0, message.requestProof[j].length) : options.bytes === $Array ? $Array.prototype.slice.call(message.requestProof[j]) : message.requestProof[j];
            }
            if (message.result != null && $Object.hasOwnProperty.call(message, "result"))
                object.result = options.bytes === $String ? $util.base64.encode(message.result, 0, message.result.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.result) : message.result;
            if (message.resultProof && message.resultProof.length) {
                object.resultProof = $Array(message.resultProof.length);
                for (let j = 0; j < message.resultProof.length; ++j)
                    object.resultProof[j] = options.bytes === $String ? $util.base64.encode(message.resultProof[j], 0, message.resultProof[j].length) : options.bytes === $Array ? $Array.prototype.slice.call(message.resultProof[j]) : message.resultProof[j];
            }
            if (message.certificate != null && $Object.hasOwnProperty.call(message, "certificate"))
                object.certificate = $root.pbft.CommitCertificate.toObject(message.certificate, options, _depth + 1);
            return object;
        };

        /**
         * Converts this Reply to JSON.
         * @function toJSON
         * @memberof pbft.Reply
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Reply.prototype.toJSON = function() {
            return Reply.toObject(this, $protobuf.util.toJSONOptions);
        };

        return Reply;
    })();

    pbft.Receipt = (function() {

        /**
         * Properties of a Receipt.
         * @typedef {Object} pbft.Receipt.$Properties
         * @property {pbft.ClientRequest.$Properties|null} [request] Receipt request
         * @property {Uint8Array|null} [header] Receipt header
         * @property {number|null} [index] Receipt index
         * @property {Array.<Uint8Array>|null} [requestProof] Receipt requestProof
         * @property {Uint8Array|null} [result] Receipt result
         * @property {Array.<Uint8Array>|null} [resultProof] Receipt resultProof
         * @property {pbft.CommitCertificate.$Properties|null} [certificate] Receipt certificate
         * @property {Array.<pbft.Envelope.$Properties>|null} [attestations] Receipt attestations
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Receipt.
         * @memberof pbft
         * @interface IReceipt
         * @augments pbft.Receipt.$Properties
         * @deprecated Use pbft.Receipt.$Properties instead.
         */

        /**
         * Shape of a Receipt.
         * @typedef {pbft.Receipt.$Properties} pbft.Receipt.$Shape
         */

        /**
         * Constructs a new Receipt.
         * @memberof pbft
         * @classdesc Represents a Receipt.
         * @constructor
         * @param {pbft.Receipt.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Receipt = function (properties) {
            this.requestProof = [];
            this.resultProof = [];
            this.attestations = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Receipt request.
         * @member {pbft.ClientRequest.$Properties|null|undefined} request
         * @memberof pbft.Receipt
         * @instance
         */
        Receipt.prototype.request = null;

        /**
         * Receipt header.
         * @member {Uint8Array} header
         * @memberof pbft.Receipt
         * @instance
         */
        Receipt.prototype.header = $util.newBuffer([]);

        /**
         * Receipt index.
         * @member {number} index
         * @memberof pbft.Receipt
         * @instance
         */
        Receipt.prototype.index = 0;

        /**
         * Receipt requestProof.
         * @member {Array.<Uint8Array>} requestProof
         * @memberof pbft.Receipt
         * @instance
         */
        Receipt.prototype.requestProof = $util.emptyArray;

        /**
         * Receipt result.
         * @member {Uint8Array} result
         * @memberof pbft.Receipt
         * @instance
         */
        Receipt.prototype.result = $util.newBuffer([]);

        /**
         * Receipt resultProof.
         * @member {Array.<Uint8Array>} resultProof
         * @memberof pbft.Receipt
         * @instance
         */
        Receipt.prototype.resultProof = $util.emptyArray;

        /**
         * Receipt certificate.
         * @member {pbft.CommitCertificate.$Properties|null|undefined} certificate
         * @memberof pbft.Receipt
         * @instance
         */
        Receipt.prototype.certificate = null;

        /**
         * Receipt attestations.
         * @member {Array.<pbft.Envelope.$Properties>} attestations
         * @memberof pbft.Receipt
         * @instance
         */
        Receipt.prototype.attestations = $util.emptyArray;

        /**
         * Creates a new Receipt instance using the specified properties.
         * @function create
         * @memberof pbft.Receipt
         * @static
         * @param {pbft.Receipt.$Properties=} [properties] Properties to set
         * @returns {pbft.Receipt} Receipt instance
         * @type {{
         *   (properties: pbft.Receipt.$Shape): pbft.Receipt & pbft.Receipt.$Shape;
         *   (properties?: pbft.Receipt.$Properties): pbft.Receipt;
         * }}
         */
        Receipt.create = function(properties) {
            return new Receipt(properties);
        };

        /**
         * Encodes the specified Receipt message. Does not implicitly {@link pbft.Receipt.verify|verify} messages.
         * @function encode
         * @memberof pbft.Receipt
         * @static
         * @param {pbft.Receipt.$Properties} message Receipt message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Receipt.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.request != null && $Object.hasOwnProperty.call(message, "request"))
                $root.pbft.ClientRequest.encode(message.request, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.header != null && $Object.hasOwnProperty.call(message, "header") && message.header.length)
                writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.header);
            if (message.index != null && $Object.hasOwnProperty.call(message, "index") && message.index !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.index);
            if (message.requestProof != null && message.requestProof.length)
                for (let i = 0; i < message.requestProof.length; ++i)
                    writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.requestProof[i]);
            if (message.result != null && $Object.hasOwnProperty.call(message, "result") && message.result.length)
                writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.result);
            if (message.resultProof != null && message.resultProof.length)
                for (let i = 0; i < message.resultProof.length; ++i)
                    writer.uint32(/* id 6, wireType 2 =*/50).bytes(message.resultProof[i]);
            if (message.certificate != null && $Object.hasOwnProperty.call(message, "certificate"))
                $root.pbft.CommitCertificate.encode(message.certificate, writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
            if (message.attestations != null && message.attestations.length)
                for (let i = 0; i < message.attestations.length; ++i)
                    $root.pbft.Envelope.encode(message.attestations[i], writer.uint32(/* id 8, wireType 2 =*/66).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Receipt message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.Receipt
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.Receipt & pbft.Receipt.$Shape} Receipt
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Receipt.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.Receipt();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.request = $root.pbft.ClientRequest.decode(reader, reader.size(), $undefined, _depth + 1, message.request);
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.header = value;
                        else
                            delete message.header;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.index = value;
                        else
                            delete message.index;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.requestProof && message.requestProof.length))
                            message.requestProof = [];
                        message.requestProof.push(reader.bytes());
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.result = value;
                        else
                            delete message.result;
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if (!(message.resultProof && message.resultProof.length))
                            message.resultProof = [];
                        message.resultProof.push(reader.bytes());
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        message.certificate = $root.pbft.CommitCertificate.decode(reader, reader.size(), $undefined, _depth + 1, message.certificate);
                        continue;
                    }
                case 8: {
                        if (wireType !== 2)
                            break;
                        if (!(message.attestations && message.attestations.length))
                            message.attestations = [];
                        message.attestations.push($root.pbft.Envelope.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies a Receipt message.
         * @function verify
         * @memberof pbft.Receipt
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        Receipt.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.request != null && $Object.hasOwnProperty.call(message, "request")) {
                let error = $root.pbft.ClientRequest.verify(message.request, _depth + 1);
                if (error)
                    return "request." + error;
            }
            if (message.header != null && $Object.hasOwnProperty.call(message, "header"))
                if (!(message.header && typeof message.header.length === "number" || $util.isString(message.header)))
                    return "header: buffer expected";
            if (message.index != null && $Object.hasOwnProperty.call(message, "index"))
                if (!$util.isInteger(message.index))
                    return "index: integer expected";
            if (message.requestProof != null && $Object.hasOwnProperty.call(message, "requestProof")) {
                if (!$Array.isArray(message.requestProof))
                    return "requestProof: array expected";
                for (let i = 0; i < message.requestProof.length; ++i)
                    if (!(message.requestProof[i] && typeof message.requestProof[i].length === "number" || $util.isString(message.requestProof[i])))
                        return "requestProof: buffer[] expected";
            }
            if (message.result != null && $Object.hasOwnProperty.call(message, "result"))
                if (!(message.result && typeof message.result.length === "number" || $util.isString(message.result)))
                    return "result: buffer expected";
            if (message.resultProof != null && $Object.hasOwnProperty.call(message, "resultProof")) {
                if (!$Array.isArray(message.resultProof))
                    return "resultProof: array expected";
                for (let i = 0; i < message.resultProof.length; ++i)
                    if (!(message.resultProof[i] && typeof message.resultProof[i].length === "number" || $util.isString(message.resultProof[i])))
                        return "resultProof: buffer[] expected";
            }
            if (message.certificate != null && $Object.hasOwnProperty.call(message, "certificate")) {
                let error = $root.pbft.CommitCertificate.verify(message.certificate, _depth + 1);
                if (error)
                    return "certificate." + error;
            }
            if (message.attestations != null && $Object.hasOwnProperty.call(message, "attestations")) {
                if (!$Array.isArray(message.attestations))
                    return "attestations: array expected";
                for (let i = 0; i < message.attestations.length; ++i) {
                    let error = $root.pbft.Envelope.verify(message.attestations[i], _depth + 1);
                    if (error)
                        return "attestations." + error;
                }
            }
            return null;
        };

        /**
         * Creates a Receipt message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.Receipt
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.Receipt} Receipt
         */
        Receipt.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.Receipt)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.Receipt: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.Receipt();
            if (object.request != null) {
                if (!$util.isObject(object.request))
                    throw $TypeError(".pbft.Receipt.request: object expected");
                message.request = $root.pbft.ClientRequest.fromObject(object.request, _depth + 1);
            }
            if (object.header != null)
                if (object.header.length)
                    if (typeof object.header === "string")
                        $util.base64.decode(object.header, message.header = $util.newBuffer($util.base64.length(object.header)), 0);
                    else if (object.header.length >= 0)
                        message.header = object.header;
            if (object.index != null)
                if ($Number(object.index) !== 0)
                    message.index = object.index >>> 0;
            if (object.requestProof) {
                if (!$Array.isArray(object.requestProof))
                    throw $TypeError(".pbft.Receipt.requestProof: array expected");
                message.requestProof = $Array(object.requestProof.length);
                for (let i = 0; i < object.requestProof.length; ++i)
                    if (typeof object.requestProof[i] === "string")
                        $util.base64.decode(object.requestProof[i], message.requestProof[i] = $util.newBuffer($util.base64.length(object.requestProof[i])), 0);
                    else if (object.requestProof[i].length >= 0)
                        message.requestProof[i] = object.requestProof[i];
            }
            if (object.result != null)
                if (object.result.length)
                    if (typeof object.result === "string")
                        $util.base64.decode(object.result, message.result = $util.newBuffer($util.base64.length(object.result)), 0);
                    else if (object.result.length >= 0)
                        message.result = object.result;
            if (object.resultProof) {
                if (!$Array.isArray(object.resultProof))
                    throw $TypeError(".pbft.Receipt.resultProof: array expected");
                message.resultProof = $Array(object.resultProof.length);
                for (let i = 0; i < object.resultProof.length; ++i)
                    if (typeof object.resultProof[i] === "string")
                        $util.base64.decode(object.resultProof[i], message.resultProof[i] = $util.newBuffer($util.base64.length(object.resultProof[i])), 0);
                    else if (object.resultProof[i].length >= 0)
                        message.resultProof[i] = object.resultProof[i];
            }
            if (object.certificate != null) {
                if (!$util.isObject(object.certificate))
                    throw $TypeError(".pbft.Receipt.certificate: object expected");
                message.certificate = $root.pbft.CommitCertificate.fromObject(object.certificate, _depth + 1);
            }
            if (object.attestations) {
                if (!$Array.isArray(object.attestations))
                    throw $TypeError(".pbft.Receipt.attestations: array expected");
                message.attestations = $Array(object.attestations.length);
                for (let i = 0; i < object.attestations.length; ++i) {
                    if (!$util.isObject(object.attestations[i]))
                        throw $TypeError(".pbft.Receipt.attestations: object expected");
                    message.attestations[i] = $root.pbft.Envelope.fromObject(object.attestations[i], _depth + 1);
                }
            }
            return message;
        };

        /**
         * Creates a plain object from a Receipt message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.Receipt
         * @static
         * @param {pbft.Receipt} message Receipt
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Receipt.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults) {
                object.requestProof = [];
                object.resultProof = [];
                object.attestations = [];
            }
            if (options.defaults) {
                object.request = null;
                if (options.bytes === $String)
                    object.header = "";
                else {
                    object.header = [];
                    if (options.bytes !== $Array)
                        object.header = $util.newBuffer(object.header);
                }
                object.index = 0;
                if (options.bytes === $String)
                    object.result = "";
                else {
                    object.result = [];
                    if (options.bytes !== $Array)
                        object.result = $util.newBuffer(object.result);
                }
                object.certificate = null;
            }
            if (message.request != null && $Object.hasOwnProperty.call(message, "request"))
                object.request = $root.pbft.ClientRequest.toObject(message.request, options, _depth + 1);
            if (message.header != null && $Object.hasOwnProperty.call(message, "header"))
                object.header = options.bytes === $String ? $util.base64.encode(message.header, 0, message.header.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.header) : message.header;
            if (message.index != null && $Object.hasOwnProperty.call(message, "index"))
                object.index = message.index;
            if (message.requestProof && message.requestProof.length) {
                object.requestProof = $Array(message.requestProof.length);
                for (let j = 0; j < message.requestProof.length; ++j)
                    object.requestProof[j] = options.bytes === $String ? $util.base64.encode(message.requestProof[j], 0, message.requestProof[j].length) : options.bytes === $Array ? $Array.prototype.slice.call(message.requestProof[j]) : message.requestProof[j];
            }
            if (message.result != null && $Object.hasOwnProperty.call(message, "result"))
                object.result = options.bytes === $String ? $util.base64.encode(message.result, 0, message.result.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.result) : message.result;
            if (message.resultProof && message.resultProof.length) {
                object.resultProof = $Array(message.resultProof.length);
                for (let j = 0; j < message.resultProof.length; ++j)
                    object.resultProof[j] = options.bytes === $String ? $util.base64.encode(message.resultProof[j], 0, message.resultProof[j].length) : options.bytes === $Array ? $Array.prototype.slice.call(message.resultProof[j]) : message.resultProof[j];
            }
            if (message.certificate != null && $Object.hasOwnProperty.call(message, "certificate"))
                object.certificate = $root.pbft.CommitCertificate.toObject(message.certificate, options, _depth + 1);
            if (message.attestations && message.attestations.length) {
                object.attestations = $Array(message.attestations.length);
                for (let j = 0; j < message.attestations.length; ++j)
                    object.attestations[j] = $root.pbft.Envelope.toObject(message.attestations[j], options, _depth + 1);
            }
            return object;
        };

        /**
         * Converts this Receipt to JSON.
         * @function toJSON
         * @memberof pbft.Receipt
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Receipt.prototype.toJSON = function() {
            return Receipt.toObject(this, $protobuf.util.toJSONOptions);
        };

        return Receipt;
    })();

    pbft.ClientError = (function() {

        /**
         * Properties of a ClientError.
         * @typedef {Object} pbft.ClientError.$Properties
         * @property {string|null} [code] ClientError code
         * @property {string|null} [message] ClientError message
         * @property {Uint8Array|null} [requestHash] ClientError requestHash
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ClientError.
         * @memberof pbft
         * @interface IClientError
         * @augments pbft.ClientError.$Properties
         * @deprecated Use pbft.ClientError.$Properties instead.
         */

        /**
         * Shape of a ClientError.
         * @typedef {pbft.ClientError.$Properties} pbft.ClientError.$Shape
         */

        /**
         * Constructs a new ClientError.
         * @memberof pbft
         * @classdesc Represents a ClientError.
         * @constructor
         * @param {pbft.ClientError.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ClientError = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ClientError code.
         * @member {string} code
         * @memberof pbft.ClientError
         * @instance
         */
        ClientError.prototype.code = "";

        /**
         * ClientError message.
         * @member {string} message
         * @memberof pbft.ClientError
         * @instance
         */
        ClientError.prototype.message = "";

        /**
         * ClientError requestHash.
         * @member {Uint8Array} requestHash
         * @memberof pbft.ClientError
         * @instance
         */
        ClientError.prototype.requestHash = $util.newBuffer([]);

        /**
         * Creates a new ClientError instance using the specified properties.
         * @function create
         * @memberof pbft.ClientError
         * @static
         * @param {pbft.ClientError.$Properties=} [properties] Properties to set
         * @returns {pbft.ClientError} ClientError instance
         * @type {{
         *   (properties: pbft.ClientError.$Shape): pbft.ClientError & pbft.ClientError.$Shape;
         *   (properties?: pbft.ClientError.$Properties): pbft.ClientError;
         * }}
         */
        ClientError.create = function(properties) {
            return new ClientError(properties);
        };

        /**
         * Encodes the specified ClientError message. Does not implicitly {@link pbft.ClientError.verify|verify} messages.
         * @function encode
         * @memberof pbft.ClientError
         * @static
         * @param {pbft.ClientError.$Properties} message ClientError message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ClientError.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.code);
            if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.message);
            if (message.requestHash != null && $Object.hasOwnProperty.call(message, "requestHash") && message.requestHash.length)
                writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.requestHash);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ClientError message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.ClientError
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.ClientError & pbft.ClientError.$Shape} ClientError
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ClientError.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.ClientError();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.code = value;
                        else
                            delete message.code;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.message = value;
                        else
                            delete message.message;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.requestHash = value;
                        else
                            delete message.requestHash;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies a ClientError message.
         * @function verify
         * @memberof pbft.ClientError
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        ClientError.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.code != null && $Object.hasOwnProperty.call(message, "code"))
                if (!$util.isString(message.code))
                    return "code: string expected";
            if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                if (!$util.isString(message.message))
                    return "message: string expected";
            if (message.requestHash != null && $Object.hasOwnProperty.call(message, "requestHash"))
                if (!(message.requestHash && typeof message.requestHash.length === "number" || $util.isString(message.requestHash)))
                    return "requestHash: buffer expected";
            return null;
        };

        /**
         * Creates a ClientError message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.ClientError
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.ClientError} ClientError
         */
        ClientError.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.ClientError)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.ClientError: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.ClientError();
            if (object.code != null)
                if (typeof object.code !== "string" || object.code.length)
                    message.code = $String(object.code);
            if (object.message != null)
                if (typeof object.message !== "string" || object.message.length)
                    message.message = $String(object.message);
            if (object.requestHash != null)
                if (object.requestHash.length)
                    if (typeof object.requestHash === "string")
                        $util.base64.decode(object.requestHash, message.requestHash = $util.newBuffer($util.base64.length(object.requestHash)), 0);
                    else if (object.requestHash.length >= 0)
                        message.requestHash = object.requestHash;
            return message;
        };

        /**
         * Creates a plain object from a ClientError message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.ClientError
         * @static
         * @param {pbft.ClientError} message ClientError
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ClientError.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.code = "";
                object.message = "";
                if (options.bytes === $String)
                    object.requestHash = "";
                else {
                    object.requestHash = [];
                    if (options.bytes !== $Array)
                        object.requestHash = $util.newBuffer(object.requestHash);
                }
            }
            if (message.code != null && $Object.hasOwnProperty.call(message, "code"))
                object.code = message.code;
            if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                object.message = message.message;
            if (message.requestHash != null && $Object.hasOwnProperty.call(message, "requestHash"))
                object.requestHash = options.bytes === $String ? $util.base64.encode(message.requestHash, 0, message.requestHash.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.requestHash) : message.requestHash;
            return object;
        };

        /**
         * Converts this ClientError to JSON.
         * @function toJSON
         * @memberof pbft.ClientError
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ClientError.prototype.toJSON = function() {
            return ClientError.toObject(this, $protobuf.util.toJSONOptions);
        };

        return ClientError;
    })();

    pbft.ClientFrame = (function() {

        /**
         * Properties of a ClientFrame.
         * @typedef {Object} pbft.ClientFrame.$Properties
         * @property {pbft.ClientRequest.$Properties|null} [request] ClientFrame request
         * @property {pbft.Reply.$Properties|null} [reply] ClientFrame reply
         * @property {pbft.ClientError.$Properties|null} [error] ClientFrame error
         * @property {"request"|"reply"|"error"} [kind] ClientFrame kind
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ClientFrame.
         * @memberof pbft
         * @interface IClientFrame
         * @augments pbft.ClientFrame.$Properties
         * @deprecated Use pbft.ClientFrame.$Properties instead.
         */

        /**
         * Narrowed shape of a ClientFrame.
         * @typedef {{
         *   request?: pbft.ClientRequest.$Shape|null;
         *   reply?: pbft.Reply.$Shape|null;
         *   error?: pbft.ClientError.$Shape|null;
         *   $unknowns?: Array.<Uint8Array>;
         * } & (
         *   ({ kind?: undefined; request?: null; reply?: null; error?: null }|{ kind?: "request"; request: pbft.ClientRequest.$Shape; reply?: null; error?: null }|{ kind?: "reply"; request?: null; reply: pbft.Reply.$Shape; error?: null }|{ kind?: "error"; request?: null; reply?: null; error: pbft.ClientError.$Shape })
         * )} pbft.ClientFrame.$Shape
         */

        /**
         * Constructs a new ClientFrame.
         * @memberof pbft
         * @classdesc Represents a ClientFrame.
         * @constructor
         * @param {pbft.ClientFrame.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ClientFrame = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ClientFrame request.
         * @member {pbft.ClientRequest.$Properties|null|undefined} request
         * @memberof pbft.ClientFrame
         * @instance
         */
        ClientFrame.prototype.request = null;

        /**
         * ClientFrame reply.
         * @member {pbft.Reply.$Properties|null|undefined} reply
         * @memberof pbft.ClientFrame
         * @instance
         */
        ClientFrame.prototype.reply = null;

        /**
         * ClientFrame error.
         * @member {pbft.ClientError.$Properties|null|undefined} error
         * @memberof pbft.ClientFrame
         * @instance
         */
        ClientFrame.prototype.error = null;

        // OneOf field names bound to virtual getters and setters
        let $oneOfFields;

        /**
         * ClientFrame kind.
         * @member {"request"|"reply"|"error"|undefined} kind
         * @memberof pbft.ClientFrame
         * @instance
         */
        $Object.defineProperty(ClientFrame.prototype, "kind", {
            get: $util.oneOfGetter($oneOfFields = ["request", "reply", "error"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        /**
         * Creates a new ClientFrame instance using the specified properties.
         * @function create
         * @memberof pbft.ClientFrame
         * @static
         * @param {pbft.ClientFrame.$Properties=} [properties] Properties to set
         * @returns {pbft.ClientFrame} ClientFrame instance
         * @type {{
         *   (properties: pbft.ClientFrame.$Shape): pbft.ClientFrame & pbft.ClientFrame.$Shape;
         *   (properties?: pbft.ClientFrame.$Properties): pbft.ClientFrame;
         * }}
         */
        ClientFrame.create = function(properties) {
            return new ClientFrame(properties);
        };

        /**
         * Encodes the specified ClientFrame message. Does not implicitly {@link pbft.ClientFrame.verify|verify} messages.
         * @function encode
         * @memberof pbft.ClientFrame
         * @static
         * @param {pbft.ClientFrame.$Properties} message ClientFrame message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ClientFrame.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.request != null && $Object.hasOwnProperty.call(message, "request"))
                $root.pbft.ClientRequest.encode(message.request, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.reply != null && $Object.hasOwnProperty.call(message, "reply"))
                $root.pbft.Reply.encode(message.reply, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
            if (message.error != null && $Object.hasOwnProperty.call(message, "error"))
                $root.pbft.ClientError.encode(message.error, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ClientFrame message from the specified reader or buffer.
         * @function decode
         * @memberof pbft.ClientFrame
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {pbft.ClientFrame & pbft.ClientFrame.$Shape} ClientFrame
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ClientFrame.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.pbft.ClientFrame();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.request = $root.pbft.ClientRequest.decode(reader, reader.size(), $undefined, _depth + 1, message.request);
                        message.kind = "request";
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        message.reply = $root.pbft.Reply.decode(reader, reader.size(), $undefined, _depth + 1, message.reply);
                        message.kind = "reply";
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        message.error = $root.pbft.ClientError.decode(reader, reader.size(), $undefined, _depth + 1, message.error);
                        message.kind = "error";
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Verifies a ClientFrame message.
         * @function verify
         * @memberof pbft.ClientFrame
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        ClientFrame.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            let properties = {};
            if (message.request != null && $Object.hasOwnProperty.call(message, "request")) {
                properties.kind = 1;
                {
                    let error = $root.pbft.ClientRequest.verify(message.request, _depth + 1);
                    if (error)
                        return "request." + error;
                }
            }
            if (message.reply != null && $Object.hasOwnProperty.call(message, "reply")) {
                if (properties.kind === 1)
                    return "kind: multiple values";
                properties.kind = 1;
                {
                    let error = $root.pbft.Reply.verify(message.reply, _depth + 1);
                    if (error)
                        return "reply." + error;
                }
            }
            if (message.error != null && $Object.hasOwnProperty.call(message, "error")) {
                if (properties.kind === 1)
                    return "kind: multiple values";
                properties.kind = 1;
                {
                    let error = $root.pbft.ClientError.verify(message.error, _depth + 1);
                    if (error)
                        return "error." + error;
                }
            }
            return null;
        };

        /**
         * Creates a ClientFrame message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof pbft.ClientFrame
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {pbft.ClientFrame} ClientFrame
         */
        ClientFrame.fromObject = function (object, _depth) {
            if (object instanceof $root.pbft.ClientFrame)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".pbft.ClientFrame: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.pbft.ClientFrame();
            if (object.request != null) {
                if (!$util.isObject(object.request))
                    throw $TypeError(".pbft.ClientFrame.request: object expected");
                message.request = $root.pbft.ClientRequest.fromObject(object.request, _depth + 1);
            }
            if (object.reply != null) {
                if (!$util.isObject(object.reply))
                    throw $TypeError(".pbft.ClientFrame.reply: object expected");
                message.reply = $root.pbft.Reply.fromObject(object.reply, _depth + 1);
            }
            if (object.error != null) {
                if (!$util.isObject(object.error))
                    throw $TypeError(".pbft.ClientFrame.error: object expected");
                message.error = $root.pbft.ClientError.fromObject(object.error, _depth + 1);
            }
            return message;
        };

        /**
         * Creates a plain object from a ClientFrame message. Also converts values to other types if specified.
         * @function toObject
         * @memberof pbft.ClientFrame
         * @static
         * @param {pbft.ClientFrame} message ClientFrame
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ClientFrame.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (message.request != null && $Object.hasOwnProperty.call(message, "request")) {
                object.request = $root.pbft.ClientRequest.toObject(message.request, options, _depth + 1);
                if (options.oneofs)
                    object.kind = "request";
            }
            if (message.reply != null && $Object.hasOwnProperty.call(message, "reply")) {
                object.reply = $root.pbft.Reply.toObject(message.reply, options, _depth + 1);
                if (options.oneofs)
                    object.kind = "reply";
            }
            if (message.error != null && $Object.hasOwnProperty.call(message, "error")) {
                object.error = $root.pbft.ClientError.toObject(message.error, options, _depth + 1);
                if (options.oneofs)
                    object.kind = "error";
            }
            return object;
        };

        /**
         * Converts this ClientFrame to JSON.
         * @function toJSON
         * @memberof pbft.ClientFrame
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ClientFrame.prototype.toJSON = function() {
            return ClientFrame.toObject(this, $protobuf.util.toJSONOptions);
        };

        return ClientFrame;
    })();

    return pbft;
})();

export {
  $root as default
};
