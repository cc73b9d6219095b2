#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# names.der: a self-signed certificate made by openssl whose subject (and issuer) is in an order Go
# does not write names in, with two OUs, a comma to escape and an attribute Go has no name for
# (emailAddress), for GoDistinguishedNameTest. Usage: sh make-names.sh (from this folder)
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/k.pem" -outform DER -out names.der \
  -days 3650 -subj "/C=LU/ST=Lux/L=Luxembourg/O=D4, Org/OU=Sensors/OU=Lab/CN=x.d4.test/emailAddress=a@d4.test"
openssl x509 -inform DER -in names.der -noout -subject -nameopt RFC2253
