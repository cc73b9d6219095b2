// SPDX-License-Identifier: Apache-2.0
package org.d4.resp.internal;

/**
 * One connection's state. Its commands run one at a time, each handed from the event loop to a
 * command thread and back, which orders every access; so plain fields suffice.
 */
final class Session {
    private final long id;
    private final String peer;
    private int protocol = 2;
    private int database;
    private String user;
    private String clientName = "";
    private int failedLogins;
    private boolean closeAfterReply;

    Session(long id, String peer) {
        this.id = id;
        this.peer = peer;
    }

    long id() {
        return id;
    }

    /** The RESP version replies are written in: 2 until HELLO 3. */
    int protocol() {
        return protocol;
    }

    void protocol(int version) {
        protocol = version;
    }

    String peer() {
        return peer;
    }

    int database() {
        return database;
    }

    void select(int db) {
        database = db;
    }

    boolean authenticated() {
        return user != null;
    }

    void authenticated(String name) {
        user = name;
        failedLogins = 0;
    }

    /** Counts a failed AUTH; returns how many in a row. */
    int loginFailed() {
        return ++failedLogins;
    }

    String clientName() {
        return clientName;
    }

    void clientName(String name) {
        clientName = name;
    }

    /** Who this is in a log line. */
    /** The client's IP address alone ({@code peer} is the channel's "/address:port"). */
    String address() {
        String p = peer.startsWith("/") ? peer.substring(1) : peer;
        int colon = p.lastIndexOf(':');
        return colon > 0 ? p.substring(0, colon) : p;
    }

    String describe() {
        return peer + (user == null ? "" : " (" + user + ")") + (clientName.isEmpty() ? "" : " '" + clientName + "'");
    }

    boolean closeAfterReply() {
        return closeAfterReply;
    }

    void closeAfterReply(boolean close) {
        closeAfterReply = close;
    }
}
