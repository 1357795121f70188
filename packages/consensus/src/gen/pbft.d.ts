import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace pbft. */
export namespace pbft {

    /**
     * Properties of a RequestBody.
     * @deprecated Use pbft.RequestBody.$Properties instead.
     */
    interface IRequestBody extends pbft.RequestBody.$Properties {
    }

    /** Represents a RequestBody. */
    class RequestBody {

        /**
         * Constructs a new RequestBody.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.RequestBody.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** RequestBody clusterId. */
        clusterId: string;

        /** RequestBody clientKey. */
        clientKey: Uint8Array;

        /** RequestBody requestNumber. */
        requestNumber: number;

        /** RequestBody proposal. */
        proposal: Uint8Array;

        /**
         * Creates a new RequestBody instance using the specified properties.
         * @param [properties] Properties to set
         * @returns RequestBody instance
         */
        static create(properties: pbft.RequestBody.$Shape): pbft.RequestBody & pbft.RequestBody.$Shape;
        static create(properties?: pbft.RequestBody.$Properties): pbft.RequestBody;

        /**
         * Encodes the specified RequestBody message. Does not implicitly {@link pbft.RequestBody.verify|verify} messages.
         * @param message RequestBody message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.RequestBody.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a RequestBody message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.RequestBody & pbft.RequestBody.$Shape} RequestBody
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.RequestBody & pbft.RequestBody.$Shape;

        /**
         * Verifies a RequestBody message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates a RequestBody message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns RequestBody
         */
        static fromObject(object: { [k: string]: any }): pbft.RequestBody;

        /**
         * Creates a plain object from a RequestBody message. Also converts values to other types if specified.
         * @param message RequestBody
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.RequestBody, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this RequestBody to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace RequestBody {

        /** Properties of a RequestBody. */
        interface $Properties {

            /** RequestBody clusterId */
            clusterId?: (string|null);

            /** RequestBody clientKey */
            clientKey?: (Uint8Array|null);

            /** RequestBody requestNumber */
            requestNumber?: (number|null);

            /** RequestBody proposal */
            proposal?: (Uint8Array|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a RequestBody. */
        type $Shape = pbft.RequestBody.$Properties;
    }

    /**
     * Properties of a ClientRequest.
     * @deprecated Use pbft.ClientRequest.$Properties instead.
     */
    interface IClientRequest extends pbft.ClientRequest.$Properties {
    }

    /** Represents a ClientRequest. */
    class ClientRequest {

        /**
         * Constructs a new ClientRequest.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.ClientRequest.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ClientRequest body. */
        body: Uint8Array;

        /** ClientRequest signature. */
        signature: Uint8Array;

        /**
         * Creates a new ClientRequest instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ClientRequest instance
         */
        static create(properties: pbft.ClientRequest.$Shape): pbft.ClientRequest & pbft.ClientRequest.$Shape;
        static create(properties?: pbft.ClientRequest.$Properties): pbft.ClientRequest;

        /**
         * Encodes the specified ClientRequest message. Does not implicitly {@link pbft.ClientRequest.verify|verify} messages.
         * @param message ClientRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.ClientRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ClientRequest message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.ClientRequest & pbft.ClientRequest.$Shape} ClientRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.ClientRequest & pbft.ClientRequest.$Shape;

        /**
         * Verifies a ClientRequest message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates a ClientRequest message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns ClientRequest
         */
        static fromObject(object: { [k: string]: any }): pbft.ClientRequest;

        /**
         * Creates a plain object from a ClientRequest message. Also converts values to other types if specified.
         * @param message ClientRequest
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.ClientRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this ClientRequest to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace ClientRequest {

        /** Properties of a ClientRequest. */
        interface $Properties {

            /** ClientRequest body */
            body?: (Uint8Array|null);

            /** ClientRequest signature */
            signature?: (Uint8Array|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a ClientRequest. */
        type $Shape = pbft.ClientRequest.$Properties;
    }

    /**
     * Properties of an Envelope.
     * @deprecated Use pbft.Envelope.$Properties instead.
     */
    interface IEnvelope extends pbft.Envelope.$Properties {
    }

    /** Represents an Envelope. */
    class Envelope {

        /**
         * Constructs a new Envelope.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.Envelope.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Envelope payload. */
        payload: Uint8Array;

        /** Envelope signer. */
        signer: number;

        /** Envelope signature. */
        signature: Uint8Array;

        /**
         * Creates a new Envelope instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Envelope instance
         */
        static create(properties: pbft.Envelope.$Shape): pbft.Envelope & pbft.Envelope.$Shape;
        static create(properties?: pbft.Envelope.$Properties): pbft.Envelope;

        /**
         * Encodes the specified Envelope message. Does not implicitly {@link pbft.Envelope.verify|verify} messages.
         * @param message Envelope message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.Envelope.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an Envelope message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.Envelope & pbft.Envelope.$Shape} Envelope
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.Envelope & pbft.Envelope.$Shape;

        /**
         * Verifies an Envelope message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates an Envelope message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns Envelope
         */
        static fromObject(object: { [k: string]: any }): pbft.Envelope;

        /**
         * Creates a plain object from an Envelope message. Also converts values to other types if specified.
         * @param message Envelope
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.Envelope, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Envelope to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace Envelope {

        /** Properties of an Envelope. */
        interface $Properties {

            /** Envelope payload */
            payload?: (Uint8Array|null);

            /** Envelope signer */
            signer?: (number|null);

            /** Envelope signature */
            signature?: (Uint8Array|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an Envelope. */
        type $Shape = pbft.Envelope.$Properties;
    }

    /**
     * Properties of a PrePrepare.
     * @deprecated Use pbft.PrePrepare.$Properties instead.
     */
    interface IPrePrepare extends pbft.PrePrepare.$Properties {
    }

    /** Represents a PrePrepare. */
    class PrePrepare {

        /**
         * Constructs a new PrePrepare.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.PrePrepare.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** PrePrepare view. */
        view: number;

        /** PrePrepare seq. */
        seq: number;

        /** PrePrepare batchDigest. */
        batchDigest: Uint8Array;

        /** PrePrepare requests. */
        requests: pbft.ClientRequest.$Properties[];

        /** PrePrepare epoch. */
        epoch: number;

        /** PrePrepare timeMs. */
        timeMs: number;

        /**
         * Creates a new PrePrepare instance using the specified properties.
         * @param [properties] Properties to set
         * @returns PrePrepare instance
         */
        static create(properties: pbft.PrePrepare.$Shape): pbft.PrePrepare & pbft.PrePrepare.$Shape;
        static create(properties?: pbft.PrePrepare.$Properties): pbft.PrePrepare;

        /**
         * Encodes the specified PrePrepare message. Does not implicitly {@link pbft.PrePrepare.verify|verify} messages.
         * @param message PrePrepare message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.PrePrepare.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a PrePrepare message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.PrePrepare & pbft.PrePrepare.$Shape} PrePrepare
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.PrePrepare & pbft.PrePrepare.$Shape;

        /**
         * Verifies a PrePrepare message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates a PrePrepare message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns PrePrepare
         */
        static fromObject(object: { [k: string]: any }): pbft.PrePrepare;

        /**
         * Creates a plain object from a PrePrepare message. Also converts values to other types if specified.
         * @param message PrePrepare
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.PrePrepare, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this PrePrepare to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace PrePrepare {

        /** Properties of a PrePrepare. */
        interface $Properties {

            /** PrePrepare view */
            view?: (number|null);

            /** PrePrepare seq */
            seq?: (number|null);

            /** PrePrepare batchDigest */
            batchDigest?: (Uint8Array|null);

            /** PrePrepare requests */
            requests?: (pbft.ClientRequest.$Properties[]|null);

            /** PrePrepare epoch */
            epoch?: (number|null);

            /** PrePrepare timeMs */
            timeMs?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a PrePrepare. */
        type $Shape = pbft.PrePrepare.$Properties;
    }

    /**
     * Properties of a Prepare.
     * @deprecated Use pbft.Prepare.$Properties instead.
     */
    interface IPrepare extends pbft.Prepare.$Properties {
    }

    /** Represents a Prepare. */
    class Prepare {

        /**
         * Constructs a new Prepare.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.Prepare.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Prepare view. */
        view: number;

        /** Prepare seq. */
        seq: number;

        /** Prepare batchDigest. */
        batchDigest: Uint8Array;

        /** Prepare epoch. */
        epoch: number;

        /**
         * Creates a new Prepare instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Prepare instance
         */
        static create(properties: pbft.Prepare.$Shape): pbft.Prepare & pbft.Prepare.$Shape;
        static create(properties?: pbft.Prepare.$Properties): pbft.Prepare;

        /**
         * Encodes the specified Prepare message. Does not implicitly {@link pbft.Prepare.verify|verify} messages.
         * @param message Prepare message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.Prepare.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Prepare message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.Prepare & pbft.Prepare.$Shape} Prepare
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.Prepare & pbft.Prepare.$Shape;

        /**
         * Verifies a Prepare message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates a Prepare message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns Prepare
         */
        static fromObject(object: { [k: string]: any }): pbft.Prepare;

        /**
         * Creates a plain object from a Prepare message. Also converts values to other types if specified.
         * @param message Prepare
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.Prepare, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Prepare to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace Prepare {

        /** Properties of a Prepare. */
        interface $Properties {

            /** Prepare view */
            view?: (number|null);

            /** Prepare seq */
            seq?: (number|null);

            /** Prepare batchDigest */
            batchDigest?: (Uint8Array|null);

            /** Prepare epoch */
            epoch?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Prepare. */
        type $Shape = pbft.Prepare.$Properties;
    }

    /**
     * Properties of a Commit.
     * @deprecated Use pbft.Commit.$Properties instead.
     */
    interface ICommit extends pbft.Commit.$Properties {
    }

    /** Represents a Commit. */
    class Commit {

        /**
         * Constructs a new Commit.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.Commit.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Commit view. */
        view: number;

        /** Commit seq. */
        seq: number;

        /** Commit batchDigest. */
        batchDigest: Uint8Array;

        /** Commit epoch. */
        epoch: number;

        /**
         * Creates a new Commit instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Commit instance
         */
        static create(properties: pbft.Commit.$Shape): pbft.Commit & pbft.Commit.$Shape;
        static create(properties?: pbft.Commit.$Properties): pbft.Commit;

        /**
         * Encodes the specified Commit message. Does not implicitly {@link pbft.Commit.verify|verify} messages.
         * @param message Commit message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.Commit.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Commit message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.Commit & pbft.Commit.$Shape} Commit
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.Commit & pbft.Commit.$Shape;

        /**
         * Verifies a Commit message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates a Commit message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns Commit
         */
        static fromObject(object: { [k: string]: any }): pbft.Commit;

        /**
         * Creates a plain object from a Commit message. Also converts values to other types if specified.
         * @param message Commit
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.Commit, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Commit to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace Commit {

        /** Properties of a Commit. */
        interface $Properties {

            /** Commit view */
            view?: (number|null);

            /** Commit seq */
            seq?: (number|null);

            /** Commit batchDigest */
            batchDigest?: (Uint8Array|null);

            /** Commit epoch */
            epoch?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Commit. */
        type $Shape = pbft.Commit.$Properties;
    }

    /**
     * Properties of a Checkpoint.
     * @deprecated Use pbft.Checkpoint.$Properties instead.
     */
    interface ICheckpoint extends pbft.Checkpoint.$Properties {
    }

    /** Represents a Checkpoint. */
    class Checkpoint {

        /**
         * Constructs a new Checkpoint.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.Checkpoint.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Checkpoint seq. */
        seq: number;

        /** Checkpoint stateDigest. */
        stateDigest: Uint8Array;

        /** Checkpoint epoch. */
        epoch: number;

        /** Checkpoint treeRoot. */
        treeRoot: Uint8Array;

        /** Checkpoint genesisHash. */
        genesisHash: Uint8Array;

        /**
         * Creates a new Checkpoint instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Checkpoint instance
         */
        static create(properties: pbft.Checkpoint.$Shape): pbft.Checkpoint & pbft.Checkpoint.$Shape;
        static create(properties?: pbft.Checkpoint.$Properties): pbft.Checkpoint;

        /**
         * Encodes the specified Checkpoint message. Does not implicitly {@link pbft.Checkpoint.verify|verify} messages.
         * @param message Checkpoint message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.Checkpoint.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Checkpoint message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.Checkpoint & pbft.Checkpoint.$Shape} Checkpoint
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.Checkpoint & pbft.Checkpoint.$Shape;

        /**
         * Verifies a Checkpoint message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates a Checkpoint message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns Checkpoint
         */
        static fromObject(object: { [k: string]: any }): pbft.Checkpoint;

        /**
         * Creates a plain object from a Checkpoint message. Also converts values to other types if specified.
         * @param message Checkpoint
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.Checkpoint, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Checkpoint to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace Checkpoint {

        /** Properties of a Checkpoint. */
        interface $Properties {

            /** Checkpoint seq */
            seq?: (number|null);

            /** Checkpoint stateDigest */
            stateDigest?: (Uint8Array|null);

            /** Checkpoint epoch */
            epoch?: (number|null);

            /** Checkpoint treeRoot */
            treeRoot?: (Uint8Array|null);

            /** Checkpoint genesisHash */
            genesisHash?: (Uint8Array|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Checkpoint. */
        type $Shape = pbft.Checkpoint.$Properties;
    }

    /**
     * Properties of a PreparedProof.
     * @deprecated Use pbft.PreparedProof.$Properties instead.
     */
    interface IPreparedProof extends pbft.PreparedProof.$Properties {
    }

    /** Represents a PreparedProof. */
    class PreparedProof {

        /**
         * Constructs a new PreparedProof.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.PreparedProof.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** PreparedProof prePrepare. */
        prePrepare?: (pbft.Envelope.$Properties|null);

        /** PreparedProof prepares. */
        prepares: pbft.Envelope.$Properties[];

        /**
         * Creates a new PreparedProof instance using the specified properties.
         * @param [properties] Properties to set
         * @returns PreparedProof instance
         */
        static create(properties: pbft.PreparedProof.$Shape): pbft.PreparedProof & pbft.PreparedProof.$Shape;
        static create(properties?: pbft.PreparedProof.$Properties): pbft.PreparedProof;

        /**
         * Encodes the specified PreparedProof message. Does not implicitly {@link pbft.PreparedProof.verify|verify} messages.
         * @param message PreparedProof message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.PreparedProof.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a PreparedProof message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.PreparedProof & pbft.PreparedProof.$Shape} PreparedProof
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.PreparedProof & pbft.PreparedProof.$Shape;

        /**
         * Verifies a PreparedProof message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates a PreparedProof message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns PreparedProof
         */
        static fromObject(object: { [k: string]: any }): pbft.PreparedProof;

        /**
         * Creates a plain object from a PreparedProof message. Also converts values to other types if specified.
         * @param message PreparedProof
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.PreparedProof, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this PreparedProof to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace PreparedProof {

        /** Properties of a PreparedProof. */
        interface $Properties {

            /** PreparedProof prePrepare */
            prePrepare?: (pbft.Envelope.$Properties|null);

            /** PreparedProof prepares */
            prepares?: (pbft.Envelope.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a PreparedProof. */
        type $Shape = pbft.PreparedProof.$Properties;
    }

    /**
     * Properties of a ViewChange.
     * @deprecated Use pbft.ViewChange.$Properties instead.
     */
    interface IViewChange extends pbft.ViewChange.$Properties {
    }

    /** Represents a ViewChange. */
    class ViewChange {

        /**
         * Constructs a new ViewChange.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.ViewChange.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ViewChange newView. */
        newView: number;

        /** ViewChange stableSeq. */
        stableSeq: number;

        /** ViewChange stableDigest. */
        stableDigest: Uint8Array;

        /** ViewChange checkpointProof. */
        checkpointProof: pbft.Envelope.$Properties[];

        /** ViewChange prepared. */
        prepared: pbft.PreparedProof.$Properties[];

        /** ViewChange epoch. */
        epoch: number;

        /**
         * Creates a new ViewChange instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ViewChange instance
         */
        static create(properties: pbft.ViewChange.$Shape): pbft.ViewChange & pbft.ViewChange.$Shape;
        static create(properties?: pbft.ViewChange.$Properties): pbft.ViewChange;

        /**
         * Encodes the specified ViewChange message. Does not implicitly {@link pbft.ViewChange.verify|verify} messages.
         * @param message ViewChange message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.ViewChange.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ViewChange message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.ViewChange & pbft.ViewChange.$Shape} ViewChange
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.ViewChange & pbft.ViewChange.$Shape;

        /**
         * Verifies a ViewChange message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates a ViewChange message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns ViewChange
         */
        static fromObject(object: { [k: string]: any }): pbft.ViewChange;

        /**
         * Creates a plain object from a ViewChange message. Also converts values to other types if specified.
         * @param message ViewChange
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.ViewChange, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this ViewChange to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace ViewChange {

        /** Properties of a ViewChange. */
        interface $Properties {

            /** ViewChange newView */
            newView?: (number|null);

            /** ViewChange stableSeq */
            stableSeq?: (number|null);

            /** ViewChange stableDigest */
            stableDigest?: (Uint8Array|null);

            /** ViewChange checkpointProof */
            checkpointProof?: (pbft.Envelope.$Properties[]|null);

            /** ViewChange prepared */
            prepared?: (pbft.PreparedProof.$Properties[]|null);

            /** ViewChange epoch */
            epoch?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a ViewChange. */
        type $Shape = pbft.ViewChange.$Properties;
    }

    /**
     * Properties of a NewView.
     * @deprecated Use pbft.NewView.$Properties instead.
     */
    interface INewView extends pbft.NewView.$Properties {
    }

    /** Represents a NewView. */
    class NewView {

        /**
         * Constructs a new NewView.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.NewView.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** NewView view. */
        view: number;

        /** NewView viewChanges. */
        viewChanges: pbft.Envelope.$Properties[];

        /** NewView prePrepares. */
        prePrepares: pbft.Envelope.$Properties[];

        /** NewView epoch. */
        epoch: number;

        /**
         * Creates a new NewView instance using the specified properties.
         * @param [properties] Properties to set
         * @returns NewView instance
         */
        static create(properties: pbft.NewView.$Shape): pbft.NewView & pbft.NewView.$Shape;
        static create(properties?: pbft.NewView.$Properties): pbft.NewView;

        /**
         * Encodes the specified NewView message. Does not implicitly {@link pbft.NewView.verify|verify} messages.
         * @param message NewView message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.NewView.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a NewView message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.NewView & pbft.NewView.$Shape} NewView
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.NewView & pbft.NewView.$Shape;

        /**
         * Verifies a NewView message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates a NewView message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns NewView
         */
        static fromObject(object: { [k: string]: any }): pbft.NewView;

        /**
         * Creates a plain object from a NewView message. Also converts values to other types if specified.
         * @param message NewView
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.NewView, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this NewView to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace NewView {

        /** Properties of a NewView. */
        interface $Properties {

            /** NewView view */
            view?: (number|null);

            /** NewView viewChanges */
            viewChanges?: (pbft.Envelope.$Properties[]|null);

            /** NewView prePrepares */
            prePrepares?: (pbft.Envelope.$Properties[]|null);

            /** NewView epoch */
            epoch?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a NewView. */
        type $Shape = pbft.NewView.$Properties;
    }

    /**
     * Properties of an Attestation.
     * @deprecated Use pbft.Attestation.$Properties instead.
     */
    interface IAttestation extends pbft.Attestation.$Properties {
    }

    /** Represents an Attestation. */
    class Attestation {

        /**
         * Constructs a new Attestation.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.Attestation.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Attestation seq. */
        seq: number;

        /** Attestation entryHash. */
        entryHash: Uint8Array;

        /** Attestation epoch. */
        epoch: number;

        /**
         * Creates a new Attestation instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Attestation instance
         */
        static create(properties: pbft.Attestation.$Shape): pbft.Attestation & pbft.Attestation.$Shape;
        static create(properties?: pbft.Attestation.$Properties): pbft.Attestation;

        /**
         * Encodes the specified Attestation message. Does not implicitly {@link pbft.Attestation.verify|verify} messages.
         * @param message Attestation message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.Attestation.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an Attestation message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.Attestation & pbft.Attestation.$Shape} Attestation
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.Attestation & pbft.Attestation.$Shape;

        /**
         * Verifies an Attestation message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates an Attestation message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns Attestation
         */
        static fromObject(object: { [k: string]: any }): pbft.Attestation;

        /**
         * Creates a plain object from an Attestation message. Also converts values to other types if specified.
         * @param message Attestation
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.Attestation, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Attestation to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace Attestation {

        /** Properties of an Attestation. */
        interface $Properties {

            /** Attestation seq */
            seq?: (number|null);

            /** Attestation entryHash */
            entryHash?: (Uint8Array|null);

            /** Attestation epoch */
            epoch?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an Attestation. */
        type $Shape = pbft.Attestation.$Properties;
    }

    /**
     * Properties of a ReplicaMessage.
     * @deprecated Use pbft.ReplicaMessage.$Properties instead.
     */
    interface IReplicaMessage extends pbft.ReplicaMessage.$Properties {
    }

    /** Represents a ReplicaMessage. */
    class ReplicaMessage {

        /**
         * Constructs a new ReplicaMessage.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.ReplicaMessage.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ReplicaMessage prePrepare. */
        prePrepare?: (pbft.PrePrepare.$Properties|null);

        /** ReplicaMessage prepare. */
        prepare?: (pbft.Prepare.$Properties|null);

        /** ReplicaMessage commit. */
        commit?: (pbft.Commit.$Properties|null);

        /** ReplicaMessage checkpoint. */
        checkpoint?: (pbft.Checkpoint.$Properties|null);

        /** ReplicaMessage viewChange. */
        viewChange?: (pbft.ViewChange.$Properties|null);

        /** ReplicaMessage newView. */
        newView?: (pbft.NewView.$Properties|null);

        /** ReplicaMessage attestation. */
        attestation?: (pbft.Attestation.$Properties|null);

        /** ReplicaMessage kind. */
        kind?: ("prePrepare"|"prepare"|"commit"|"checkpoint"|"viewChange"|"newView"|"attestation");

        /**
         * Creates a new ReplicaMessage instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ReplicaMessage instance
         */
        static create(properties: pbft.ReplicaMessage.$Shape): pbft.ReplicaMessage & pbft.ReplicaMessage.$Shape;
        static create(properties?: pbft.ReplicaMessage.$Properties): pbft.ReplicaMessage;

        /**
         * Encodes the specified ReplicaMessage message. Does not implicitly {@link pbft.ReplicaMessage.verify|verify} messages.
         * @param message ReplicaMessage message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.ReplicaMessage.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ReplicaMessage message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.ReplicaMessage & pbft.ReplicaMessage.$Shape} ReplicaMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.ReplicaMessage & pbft.ReplicaMessage.$Shape;

        /**
         * Verifies a ReplicaMessage message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates a ReplicaMessage message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns ReplicaMessage
         */
        static fromObject(object: { [k: string]: any }): pbft.ReplicaMessage;

        /**
         * Creates a plain object from a ReplicaMessage message. Also converts values to other types if specified.
         * @param message ReplicaMessage
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.ReplicaMessage, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this ReplicaMessage to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace ReplicaMessage {

        /** Properties of a ReplicaMessage. */
        interface $Properties {

            /** ReplicaMessage prePrepare */
            prePrepare?: (pbft.PrePrepare.$Properties|null);

            /** ReplicaMessage prepare */
            prepare?: (pbft.Prepare.$Properties|null);

            /** ReplicaMessage commit */
            commit?: (pbft.Commit.$Properties|null);

            /** ReplicaMessage checkpoint */
            checkpoint?: (pbft.Checkpoint.$Properties|null);

            /** ReplicaMessage viewChange */
            viewChange?: (pbft.ViewChange.$Properties|null);

            /** ReplicaMessage newView */
            newView?: (pbft.NewView.$Properties|null);

            /** ReplicaMessage attestation */
            attestation?: (pbft.Attestation.$Properties|null);

            /** ReplicaMessage kind */
            kind?: ("prePrepare"|"prepare"|"commit"|"checkpoint"|"viewChange"|"newView"|"attestation");

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Narrowed shape of a ReplicaMessage. */
        type $Shape = {
          prePrepare?: pbft.PrePrepare.$Shape|null;
          prepare?: pbft.Prepare.$Shape|null;
          commit?: pbft.Commit.$Shape|null;
          checkpoint?: pbft.Checkpoint.$Shape|null;
          viewChange?: pbft.ViewChange.$Shape|null;
          newView?: pbft.NewView.$Shape|null;
          attestation?: pbft.Attestation.$Shape|null;
          $unknowns?: Uint8Array[];
        } & (
          ({ kind?: undefined; prePrepare?: null; prepare?: null; commit?: null; checkpoint?: null; viewChange?: null; newView?: null; attestation?: null }|{ kind?: "prePrepare"; prePrepare: pbft.PrePrepare.$Shape; prepare?: null; commit?: null; checkpoint?: null; viewChange?: null; newView?: null; attestation?: null }|{ kind?: "prepare"; prePrepare?: null; prepare: pbft.Prepare.$Shape; commit?: null; checkpoint?: null; viewChange?: null; newView?: null; attestation?: null }|{ kind?: "commit"; prePrepare?: null; prepare?: null; commit: pbft.Commit.$Shape; checkpoint?: null; viewChange?: null; newView?: null; attestation?: null }|{ kind?: "checkpoint"; prePrepare?: null; prepare?: null; commit?: null; checkpoint: pbft.Checkpoint.$Shape; viewChange?: null; newView?: null; attestation?: null }|{ kind?: "viewChange"; prePrepare?: null; prepare?: null; commit?: null; checkpoint?: null; viewChange: pbft.ViewChange.$Shape; newView?: null; attestation?: null }|{ kind?: "newView"; prePrepare?: null; prepare?: null; commit?: null; checkpoint?: null; viewChange?: null; newView: pbft.NewView.$Shape; attestation?: null }|{ kind?: "attestation"; prePrepare?: null; prepare?: null; commit?: null; checkpoint?: null; viewChange?: null; newView?: null; attestation: pbft.Attestation.$Shape })
        );
    }

    /**
     * Properties of a CommitCertificate.
     * @deprecated Use pbft.CommitCertificate.$Properties instead.
     */
    interface ICommitCertificate extends pbft.CommitCertificate.$Properties {
    }

    /** Represents a CommitCertificate. */
    class CommitCertificate {

        /**
         * Constructs a new CommitCertificate.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.CommitCertificate.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** CommitCertificate view. */
        view: number;

        /** CommitCertificate seq. */
        seq: number;

        /** CommitCertificate batchDigest. */
        batchDigest: Uint8Array;

        /** CommitCertificate commits. */
        commits: pbft.Envelope.$Properties[];

        /** CommitCertificate epoch. */
        epoch: number;

        /** CommitCertificate timeMs. */
        timeMs: number;

        /**
         * Creates a new CommitCertificate instance using the specified properties.
         * @param [properties] Properties to set
         * @returns CommitCertificate instance
         */
        static create(properties: pbft.CommitCertificate.$Shape): pbft.CommitCertificate & pbft.CommitCertificate.$Shape;
        static create(properties?: pbft.CommitCertificate.$Properties): pbft.CommitCertificate;

        /**
         * Encodes the specified CommitCertificate message. Does not implicitly {@link pbft.CommitCertificate.verify|verify} messages.
         * @param message CommitCertificate message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.CommitCertificate.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a CommitCertificate message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.CommitCertificate & pbft.CommitCertificate.$Shape} CommitCertificate
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.CommitCertificate & pbft.CommitCertificate.$Shape;

        /**
         * Verifies a CommitCertificate message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates a CommitCertificate message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns CommitCertificate
         */
        static fromObject(object: { [k: string]: any }): pbft.CommitCertificate;

        /**
         * Creates a plain object from a CommitCertificate message. Also converts values to other types if specified.
         * @param message CommitCertificate
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.CommitCertificate, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this CommitCertificate to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace CommitCertificate {

        /** Properties of a CommitCertificate. */
        interface $Properties {

            /** CommitCertificate view */
            view?: (number|null);

            /** CommitCertificate seq */
            seq?: (number|null);

            /** CommitCertificate batchDigest */
            batchDigest?: (Uint8Array|null);

            /** CommitCertificate commits */
            commits?: (pbft.Envelope.$Properties[]|null);

            /** CommitCertificate epoch */
            epoch?: (number|null);

            /** CommitCertificate timeMs */
            timeMs?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a CommitCertificate. */
        type $Shape = pbft.CommitCertificate.$Properties;
    }

    /**
     * Properties of a StateRequest.
     * @deprecated Use pbft.StateRequest.$Properties instead.
     */
    interface IStateRequest extends pbft.StateRequest.$Properties {
    }

    /** Represents a StateRequest. */
    class StateRequest {

        /**
         * Constructs a new StateRequest.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.StateRequest.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** StateRequest fromSeq. */
        fromSeq: number;

        /** StateRequest toSeq. */
        toSeq: number;

        /**
         * Creates a new StateRequest instance using the specified properties.
         * @param [properties] Properties to set
         * @returns StateRequest instance
         */
        static create(properties: pbft.StateRequest.$Shape): pbft.StateRequest & pbft.StateRequest.$Shape;
        static create(properties?: pbft.StateRequest.$Properties): pbft.StateRequest;

        /**
         * Encodes the specified StateRequest message. Does not implicitly {@link pbft.StateRequest.verify|verify} messages.
         * @param message StateRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.StateRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a StateRequest message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.StateRequest & pbft.StateRequest.$Shape} StateRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.StateRequest & pbft.StateRequest.$Shape;

        /**
         * Verifies a StateRequest message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates a StateRequest message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns StateRequest
         */
        static fromObject(object: { [k: string]: any }): pbft.StateRequest;

        /**
         * Creates a plain object from a StateRequest message. Also converts values to other types if specified.
         * @param message StateRequest
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.StateRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this StateRequest to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace StateRequest {

        /** Properties of a StateRequest. */
        interface $Properties {

            /** StateRequest fromSeq */
            fromSeq?: (number|null);

            /** StateRequest toSeq */
            toSeq?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a StateRequest. */
        type $Shape = pbft.StateRequest.$Properties;
    }

    /**
     * Properties of a CommittedBatch.
     * @deprecated Use pbft.CommittedBatch.$Properties instead.
     */
    interface ICommittedBatch extends pbft.CommittedBatch.$Properties {
    }

    /** Represents a CommittedBatch. */
    class CommittedBatch {

        /**
         * Constructs a new CommittedBatch.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.CommittedBatch.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** CommittedBatch seq. */
        seq: number;

        /** CommittedBatch view. */
        view: number;

        /** CommittedBatch requests. */
        requests: pbft.ClientRequest.$Properties[];

        /** CommittedBatch certificate. */
        certificate?: (pbft.CommitCertificate.$Properties|null);

        /** CommittedBatch header. */
        header: Uint8Array;

        /**
         * Creates a new CommittedBatch instance using the specified properties.
         * @param [properties] Properties to set
         * @returns CommittedBatch instance
         */
        static create(properties: pbft.CommittedBatch.$Shape): pbft.CommittedBatch & pbft.CommittedBatch.$Shape;
        static create(properties?: pbft.CommittedBatch.$Properties): pbft.CommittedBatch;

        /**
         * Encodes the specified CommittedBatch message. Does not implicitly {@link pbft.CommittedBatch.verify|verify} messages.
         * @param message CommittedBatch message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.CommittedBatch.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a CommittedBatch message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.CommittedBatch & pbft.CommittedBatch.$Shape} CommittedBatch
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.CommittedBatch & pbft.CommittedBatch.$Shape;

        /**
         * Verifies a CommittedBatch message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates a CommittedBatch message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns CommittedBatch
         */
        static fromObject(object: { [k: string]: any }): pbft.CommittedBatch;

        /**
         * Creates a plain object from a CommittedBatch message. Also converts values to other types if specified.
         * @param message CommittedBatch
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.CommittedBatch, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this CommittedBatch to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace CommittedBatch {

        /** Properties of a CommittedBatch. */
        interface $Properties {

            /** CommittedBatch seq */
            seq?: (number|null);

            /** CommittedBatch view */
            view?: (number|null);

            /** CommittedBatch requests */
            requests?: (pbft.ClientRequest.$Properties[]|null);

            /** CommittedBatch certificate */
            certificate?: (pbft.CommitCertificate.$Properties|null);

            /** CommittedBatch header */
            header?: (Uint8Array|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a CommittedBatch. */
        type $Shape = pbft.CommittedBatch.$Properties;
    }

    /**
     * Properties of a StateReply.
     * @deprecated Use pbft.StateReply.$Properties instead.
     */
    interface IStateReply extends pbft.StateReply.$Properties {
    }

    /** Represents a StateReply. */
    class StateReply {

        /**
         * Constructs a new StateReply.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.StateReply.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** StateReply batches. */
        batches: pbft.CommittedBatch.$Properties[];

        /** StateReply lastSeq. */
        lastSeq: number;

        /** StateReply newView. */
        newView?: (pbft.Envelope.$Properties|null);

        /** StateReply checkpointProof. */
        checkpointProof: pbft.Envelope.$Properties[];

        /** StateReply headProof. */
        headProof: pbft.Envelope.$Properties[];

        /** StateReply headHeaders. */
        headHeaders: Uint8Array[];

        /**
         * Creates a new StateReply instance using the specified properties.
         * @param [properties] Properties to set
         * @returns StateReply instance
         */
        static create(properties: pbft.StateReply.$Shape): pbft.StateReply & pbft.StateReply.$Shape;
        static create(properties?: pbft.StateReply.$Properties): pbft.StateReply;

        /**
         * Encodes the specified StateReply message. Does not implicitly {@link pbft.StateReply.verify|verify} messages.
         * @param message StateReply message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.StateReply.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a StateReply message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.StateReply & pbft.StateReply.$Shape} StateReply
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.StateReply & pbft.StateReply.$Shape;

        /**
         * Verifies a StateReply message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates a StateReply message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns StateReply
         */
        static fromObject(object: { [k: string]: any }): pbft.StateReply;

        /**
         * Creates a plain object from a StateReply message. Also converts values to other types if specified.
         * @param message StateReply
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.StateReply, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this StateReply to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace StateReply {

        /** Properties of a StateReply. */
        interface $Properties {

            /** StateReply batches */
            batches?: (pbft.CommittedBatch.$Properties[]|null);

            /** StateReply lastSeq */
            lastSeq?: (number|null);

            /** StateReply newView */
            newView?: (pbft.Envelope.$Properties|null);

            /** StateReply checkpointProof */
            checkpointProof?: (pbft.Envelope.$Properties[]|null);

            /** StateReply headProof */
            headProof?: (pbft.Envelope.$Properties[]|null);

            /** StateReply headHeaders */
            headHeaders?: (Uint8Array[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a StateReply. */
        type $Shape = pbft.StateReply.$Properties;
    }

    /**
     * Properties of a ReplicaFrame.
     * @deprecated Use pbft.ReplicaFrame.$Properties instead.
     */
    interface IReplicaFrame extends pbft.ReplicaFrame.$Properties {
    }

    /** Represents a ReplicaFrame. */
    class ReplicaFrame {

        /**
         * Constructs a new ReplicaFrame.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.ReplicaFrame.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ReplicaFrame envelope. */
        envelope?: (pbft.Envelope.$Properties|null);

        /** ReplicaFrame forwardedRequest. */
        forwardedRequest?: (pbft.ClientRequest.$Properties|null);

        /** ReplicaFrame stateRequest. */
        stateRequest?: (pbft.StateRequest.$Properties|null);

        /** ReplicaFrame stateReply. */
        stateReply?: (pbft.StateReply.$Properties|null);

        /** ReplicaFrame kind. */
        kind?: ("envelope"|"forwardedRequest"|"stateRequest"|"stateReply");

        /**
         * Creates a new ReplicaFrame instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ReplicaFrame instance
         */
        static create(properties: pbft.ReplicaFrame.$Shape): pbft.ReplicaFrame & pbft.ReplicaFrame.$Shape;
        static create(properties?: pbft.ReplicaFrame.$Properties): pbft.ReplicaFrame;

        /**
         * Encodes the specified ReplicaFrame message. Does not implicitly {@link pbft.ReplicaFrame.verify|verify} messages.
         * @param message ReplicaFrame message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.ReplicaFrame.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ReplicaFrame message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.ReplicaFrame & pbft.ReplicaFrame.$Shape} ReplicaFrame
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.ReplicaFrame & pbft.ReplicaFrame.$Shape;

        /**
         * Verifies a ReplicaFrame message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates a ReplicaFrame message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns ReplicaFrame
         */
        static fromObject(object: { [k: string]: any }): pbft.ReplicaFrame;

        /**
         * Creates a plain object from a ReplicaFrame message. Also converts values to other types if specified.
         * @param message ReplicaFrame
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.ReplicaFrame, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this ReplicaFrame to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace ReplicaFrame {

        /** Properties of a ReplicaFrame. */
        interface $Properties {

            /** ReplicaFrame envelope */
            envelope?: (pbft.Envelope.$Properties|null);

            /** ReplicaFrame forwardedRequest */
            forwardedRequest?: (pbft.ClientRequest.$Properties|null);

            /** ReplicaFrame stateRequest */
            stateRequest?: (pbft.StateRequest.$Properties|null);

            /** ReplicaFrame stateReply */
            stateReply?: (pbft.StateReply.$Properties|null);

            /** ReplicaFrame kind */
            kind?: ("envelope"|"forwardedRequest"|"stateRequest"|"stateReply");

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Narrowed shape of a ReplicaFrame. */
        type $Shape = {
          envelope?: pbft.Envelope.$Shape|null;
          forwardedRequest?: pbft.ClientRequest.$Shape|null;
          stateRequest?: pbft.StateRequest.$Shape|null;
          stateReply?: pbft.StateReply.$Shape|null;
          $unknowns?: Uint8Array[];
        } & (
          ({ kind?: undefined; envelope?: null; forwardedRequest?: null; stateRequest?: null; stateReply?: null }|{ kind?: "envelope"; envelope: pbft.Envelope.$Shape; forwardedRequest?: null; stateRequest?: null; stateReply?: null }|{ kind?: "forwardedRequest"; envelope?: null; forwardedRequest: pbft.ClientRequest.$Shape; stateRequest?: null; stateReply?: null }|{ kind?: "stateRequest"; envelope?: null; forwardedRequest?: null; stateRequest: pbft.StateRequest.$Shape; stateReply?: null }|{ kind?: "stateReply"; envelope?: null; forwardedRequest?: null; stateRequest?: null; stateReply: pbft.StateReply.$Shape })
        );
    }

    /**
     * Properties of an EntryHeader.
     * @deprecated Use pbft.EntryHeader.$Properties instead.
     */
    interface IEntryHeader extends pbft.EntryHeader.$Properties {
    }

    /** Represents an EntryHeader. */
    class EntryHeader {

        /**
         * Constructs a new EntryHeader.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.EntryHeader.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** EntryHeader height. */
        height: number;

        /** EntryHeader prevHash. */
        prevHash: Uint8Array;

        /** EntryHeader batchDigest. */
        batchDigest: Uint8Array;

        /** EntryHeader resultsDigest. */
        resultsDigest: Uint8Array;

        /** EntryHeader requestCount. */
        requestCount: number;

        /** EntryHeader epoch. */
        epoch: number;

        /** EntryHeader nextConfigHash. */
        nextConfigHash: Uint8Array;

        /** EntryHeader timeMs. */
        timeMs: number;

        /**
         * Creates a new EntryHeader instance using the specified properties.
         * @param [properties] Properties to set
         * @returns EntryHeader instance
         */
        static create(properties: pbft.EntryHeader.$Shape): pbft.EntryHeader & pbft.EntryHeader.$Shape;
        static create(properties?: pbft.EntryHeader.$Properties): pbft.EntryHeader;

        /**
         * Encodes the specified EntryHeader message. Does not implicitly {@link pbft.EntryHeader.verify|verify} messages.
         * @param message EntryHeader message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.EntryHeader.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an EntryHeader message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.EntryHeader & pbft.EntryHeader.$Shape} EntryHeader
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.EntryHeader & pbft.EntryHeader.$Shape;

        /**
         * Verifies an EntryHeader message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates an EntryHeader message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns EntryHeader
         */
        static fromObject(object: { [k: string]: any }): pbft.EntryHeader;

        /**
         * Creates a plain object from an EntryHeader message. Also converts values to other types if specified.
         * @param message EntryHeader
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.EntryHeader, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this EntryHeader to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace EntryHeader {

        /** Properties of an EntryHeader. */
        interface $Properties {

            /** EntryHeader height */
            height?: (number|null);

            /** EntryHeader prevHash */
            prevHash?: (Uint8Array|null);

            /** EntryHeader batchDigest */
            batchDigest?: (Uint8Array|null);

            /** EntryHeader resultsDigest */
            resultsDigest?: (Uint8Array|null);

            /** EntryHeader requestCount */
            requestCount?: (number|null);

            /** EntryHeader epoch */
            epoch?: (number|null);

            /** EntryHeader nextConfigHash */
            nextConfigHash?: (Uint8Array|null);

            /** EntryHeader timeMs */
            timeMs?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an EntryHeader. */
        type $Shape = pbft.EntryHeader.$Properties;
    }

    /**
     * Properties of an ExecutionResult.
     * @deprecated Use pbft.ExecutionResult.$Properties instead.
     */
    interface IExecutionResult extends pbft.ExecutionResult.$Properties {
    }

    /** Represents an ExecutionResult. */
    class ExecutionResult {

        /**
         * Constructs a new ExecutionResult.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.ExecutionResult.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ExecutionResult accepted. */
        accepted: boolean;

        /** ExecutionResult reason. */
        reason: string;

        /** ExecutionResult proposalId. */
        proposalId: string;

        /**
         * Creates a new ExecutionResult instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ExecutionResult instance
         */
        static create(properties: pbft.ExecutionResult.$Shape): pbft.ExecutionResult & pbft.ExecutionResult.$Shape;
        static create(properties?: pbft.ExecutionResult.$Properties): pbft.ExecutionResult;

        /**
         * Encodes the specified ExecutionResult message. Does not implicitly {@link pbft.ExecutionResult.verify|verify} messages.
         * @param message ExecutionResult message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.ExecutionResult.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an ExecutionResult message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.ExecutionResult & pbft.ExecutionResult.$Shape} ExecutionResult
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.ExecutionResult & pbft.ExecutionResult.$Shape;

        /**
         * Verifies an ExecutionResult message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates an ExecutionResult message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns ExecutionResult
         */
        static fromObject(object: { [k: string]: any }): pbft.ExecutionResult;

        /**
         * Creates a plain object from an ExecutionResult message. Also converts values to other types if specified.
         * @param message ExecutionResult
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.ExecutionResult, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this ExecutionResult to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace ExecutionResult {

        /** Properties of an ExecutionResult. */
        interface $Properties {

            /** ExecutionResult accepted */
            accepted?: (boolean|null);

            /** ExecutionResult reason */
            reason?: (string|null);

            /** ExecutionResult proposalId */
            proposalId?: (string|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an ExecutionResult. */
        type $Shape = pbft.ExecutionResult.$Properties;
    }

    /**
     * Properties of a Reply.
     * @deprecated Use pbft.Reply.$Properties instead.
     */
    interface IReply extends pbft.Reply.$Properties {
    }

    /** Represents a Reply. */
    class Reply {

        /**
         * Constructs a new Reply.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.Reply.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Reply attestation. */
        attestation?: (pbft.Envelope.$Properties|null);

        /** Reply header. */
        header: Uint8Array;

        /** Reply index. */
        index: number;

        /** Reply requestProof. */
        requestProof: Uint8Array[];

        /** Reply result. */
        result: Uint8Array;

        /** Reply resultProof. */
        resultProof: Uint8Array[];

        /** Reply certificate. */
        certificate?: (pbft.CommitCertificate.$Properties|null);

        /**
         * Creates a new Reply instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Reply instance
         */
        static create(properties: pbft.Reply.$Shape): pbft.Reply & pbft.Reply.$Shape;
        static create(properties?: pbft.Reply.$Properties): pbft.Reply;

        /**
         * Encodes the specified Reply message. Does not implicitly {@link pbft.Reply.verify|verify} messages.
         * @param message Reply message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.Reply.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Reply message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.Reply & pbft.Reply.$Shape} Reply
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.Reply & pbft.Reply.$Shape;

        /**
         * Verifies a Reply message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates a Reply message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns Reply
         */
        static fromObject(object: { [k: string]: any }): pbft.Reply;

        /**
         * Creates a plain object from a Reply message. Also converts values to other types if specified.
         * @param message Reply
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.Reply, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Reply to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace Reply {

        /** Properties of a Reply. */
        interface $Properties {

            /** Reply attestation */
            attestation?: (pbft.Envelope.$Properties|null);

            /** Reply header */
            header?: (Uint8Array|null);

            /** Reply index */
            index?: (number|null);

            /** Reply requestProof */
            requestProof?: (Uint8Array[]|null);

            /** Reply result */
            result?: (Uint8Array|null);

            /** Reply resultProof */
            resultProof?: (Uint8Array[]|null);

            /** Reply certificate */
            certificate?: (pbft.CommitCertificate.$Properties|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Reply. */
        type $Shape = pbft.Reply.$Properties;
    }

    /**
     * Properties of a Receipt.
     * @deprecated Use pbft.Receipt.$Properties instead.
     */
    interface IReceipt extends pbft.Receipt.$Properties {
    }

    /** Represents a Receipt. */
    class Receipt {

        /**
         * Constructs a new Receipt.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.Receipt.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Receipt request. */
        request?: (pbft.ClientRequest.$Properties|null);

        /** Receipt header. */
        header: Uint8Array;

        /** Receipt index. */
        index: number;

        /** Receipt requestProof. */
        requestProof: Uint8Array[];

        /** Receipt result. */
        result: Uint8Array;

        /** Receipt resultProof. */
        resultProof: Uint8Array[];

        /** Receipt certificate. */
        certificate?: (pbft.CommitCertificate.$Properties|null);

        /** Receipt attestations. */
        attestations: pbft.Envelope.$Properties[];

        /**
         * Creates a new Receipt instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Receipt instance
         */
        static create(properties: pbft.Receipt.$Shape): pbft.Receipt & pbft.Receipt.$Shape;
        static create(properties?: pbft.Receipt.$Properties): pbft.Receipt;

        /**
         * Encodes the specified Receipt message. Does not implicitly {@link pbft.Receipt.verify|verify} messages.
         * @param message Receipt message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.Receipt.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Receipt message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.Receipt & pbft.Receipt.$Shape} Receipt
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.Receipt & pbft.Receipt.$Shape;

        /**
         * Verifies a Receipt message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates a Receipt message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns Receipt
         */
        static fromObject(object: { [k: string]: any }): pbft.Receipt;

        /**
         * Creates a plain object from a Receipt message. Also converts values to other types if specified.
         * @param message Receipt
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.Receipt, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Receipt to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace Receipt {

        /** Properties of a Receipt. */
        interface $Properties {

            /** Receipt request */
            request?: (pbft.ClientRequest.$Properties|null);

            /** Receipt header */
            header?: (Uint8Array|null);

            /** Receipt index */
            index?: (number|null);

            /** Receipt requestProof */
            requestProof?: (Uint8Array[]|null);

            /** Receipt result */
            result?: (Uint8Array|null);

            /** Receipt resultProof */
            resultProof?: (Uint8Array[]|null);

            /** Receipt certificate */
            certificate?: (pbft.CommitCertificate.$Properties|null);

            /** Receipt attestations */
            attestations?: (pbft.Envelope.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Receipt. */
        type $Shape = pbft.Receipt.$Properties;
    }

    /**
     * Properties of a ClientError.
     * @deprecated Use pbft.ClientError.$Properties instead.
     */
    interface IClientError extends pbft.ClientError.$Properties {
    }

    /** Represents a ClientError. */
    class ClientError {

        /**
         * Constructs a new ClientError.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.ClientError.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ClientError code. */
        code: string;

        /** ClientError message. */
        message: string;

        /** ClientError requestHash. */
        requestHash: Uint8Array;

        /**
         * Creates a new ClientError instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ClientError instance
         */
        static create(properties: pbft.ClientError.$Shape): pbft.ClientError & pbft.ClientError.$Shape;
        static create(properties?: pbft.ClientError.$Properties): pbft.ClientError;

        /**
         * Encodes the specified ClientError message. Does not implicitly {@link pbft.ClientError.verify|verify} messages.
         * @param message ClientError message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.ClientError.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ClientError message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.ClientError & pbft.ClientError.$Shape} ClientError
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.ClientError & pbft.ClientError.$Shape;

        /**
         * Verifies a ClientError message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates a ClientError message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns ClientError
         */
        static fromObject(object: { [k: string]: any }): pbft.ClientError;

        /**
         * Creates a plain object from a ClientError message. Also converts values to other types if specified.
         * @param message ClientError
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.ClientError, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this ClientError to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace ClientError {

        /** Properties of a ClientError. */
        interface $Properties {

            /** ClientError code */
            code?: (string|null);

            /** ClientError message */
            message?: (string|null);

            /** ClientError requestHash */
            requestHash?: (Uint8Array|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a ClientError. */
        type $Shape = pbft.ClientError.$Properties;
    }

    /**
     * Properties of a ClientFrame.
     * @deprecated Use pbft.ClientFrame.$Properties instead.
     */
    interface IClientFrame extends pbft.ClientFrame.$Properties {
    }

    /** Represents a ClientFrame. */
    class ClientFrame {

        /**
         * Constructs a new ClientFrame.
         * @param [properties] Properties to set
         */
        constructor(properties?: pbft.ClientFrame.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ClientFrame request. */
        request?: (pbft.ClientRequest.$Properties|null);

        /** ClientFrame reply. */
        reply?: (pbft.Reply.$Properties|null);

        /** ClientFrame error. */
        error?: (pbft.ClientError.$Properties|null);

        /** ClientFrame kind. */
        kind?: ("request"|"reply"|"error");

        /**
         * Creates a new ClientFrame instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ClientFrame instance
         */
        static create(properties: pbft.ClientFrame.$Shape): pbft.ClientFrame & pbft.ClientFrame.$Shape;
        static create(properties?: pbft.ClientFrame.$Properties): pbft.ClientFrame;

        /**
         * Encodes the specified ClientFrame message. Does not implicitly {@link pbft.ClientFrame.verify|verify} messages.
         * @param message ClientFrame message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: pbft.ClientFrame.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ClientFrame message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {pbft.ClientFrame & pbft.ClientFrame.$Shape} ClientFrame
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): pbft.ClientFrame & pbft.ClientFrame.$Shape;

        /**
         * Verifies a ClientFrame message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates a ClientFrame message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns ClientFrame
         */
        static fromObject(object: { [k: string]: any }): pbft.ClientFrame;

        /**
         * Creates a plain object from a ClientFrame message. Also converts values to other types if specified.
         * @param message ClientFrame
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: pbft.ClientFrame, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this ClientFrame to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };
    }

    namespace ClientFrame {

        /** Properties of a ClientFrame. */
        interface $Properties {

            /** ClientFrame request */
            request?: (pbft.ClientRequest.$Properties|null);

            /** ClientFrame reply */
            reply?: (pbft.Reply.$Properties|null);

            /** ClientFrame error */
            error?: (pbft.ClientError.$Properties|null);

            /** ClientFrame kind */
            kind?: ("request"|"reply"|"error");

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Narrowed shape of a ClientFrame. */
        type $Shape = {
          request?: pbft.ClientRequest.$Shape|null;
          reply?: pbft.Reply.$Shape|null;
          error?: pbft.ClientError.$Shape|null;
          $unknowns?: Uint8Array[];
        } & (
          ({ kind?: undefined; request?: null; reply?: null; error?: null }|{ kind?: "request"; request: pbft.ClientRequest.$Shape; reply?: null; error?: null }|{ kind?: "reply"; request?: null; reply: pbft.Reply.$Shape; error?: null }|{ kind?: "error"; request?: null; reply?: null; error: pbft.ClientError.$Shape })
        );
    }
}
