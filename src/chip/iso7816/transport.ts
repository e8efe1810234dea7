// The only thing the chip library needs from a card reader: send one command APDU and receive
// its response. PC/SC readers, vendor SDKs and the virtual card all implement this interface.

export interface CardTransport {
  /** Sends `command` (a whole command APDU) and returns the response: data followed by SW1 SW2. */
  transmit(command: Uint8Array): Promise<Uint8Array>;
}
