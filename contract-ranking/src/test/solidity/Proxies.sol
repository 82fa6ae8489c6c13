// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {TransparentUpgradeableProxy} from "@openzeppelin/contracts/proxy/transparent/TransparentUpgradeableProxy.sol";
import {UpgradeableBeacon} from "@openzeppelin/contracts/proxy/beacon/UpgradeableBeacon.sol";
import {BeaconProxy} from "@openzeppelin/contracts/proxy/beacon/BeaconProxy.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// A plain implementation for transparent and beacon proxies.
contract Box {
    uint256 public value;
    bool private _initialized;
    function initialize(uint256 v) external { require(!_initialized, "initialized"); _initialized = true; value = v; }
    function store(uint256 v) external { value = v; }
}

/// UUPS implementation whose upgrades are authorized by an owner kept in proxy storage.
contract UupsBox is UUPSUpgradeable {
    address public owner;
    uint256 public value;
    function initialize(address o) external { require(owner == address(0), "initialized"); owner = o; }
    function store(uint256 v) external { value = v; }
    function _authorizeUpgrade(address) internal view override { require(msg.sender == owner, "not owner"); }
}

contract FixtureERC1967Proxy is ERC1967Proxy {
    constructor(address implementation, bytes memory data) ERC1967Proxy(implementation, data) {}
}

contract FixtureTransparentProxy is TransparentUpgradeableProxy {
    constructor(address logic, address initialOwner, bytes memory data) TransparentUpgradeableProxy(logic, initialOwner, data) {}
}

contract FixtureTimelock is TimelockController {
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors, address admin)
        TimelockController(minDelay, proposers, executors, admin) {}
}

contract FixtureBeacon is UpgradeableBeacon {
    constructor(address implementation, address initialOwner) UpgradeableBeacon(implementation, initialOwner) {}
}

contract FixtureBeaconProxy is BeaconProxy {
    constructor(address beacon, bytes memory data) BeaconProxy(beacon, data) {}
}

/// A minimal EIP-2535-style diamond: selector -> facet, loupe functions, an owner-only cut, delegating fallback.
contract MiniDiamond {
    address public owner;
    mapping(bytes4 => address) private _facetOf;
    address[] private _facets;
    event DiamondCut(bytes4 selector, address facet);
    constructor() { owner = msg.sender; }
    function diamondCut(bytes4[] calldata selectors, address facet) external {
        require(msg.sender == owner, "not owner");
        _facets.push(facet);
        for (uint256 i = 0; i < selectors.length; i++) { _facetOf[selectors[i]] = facet; emit DiamondCut(selectors[i], facet); }
    }
    function facetAddresses() external view returns (address[] memory) { return _facets; }
    function facetAddress(bytes4 selector) external view returns (address) { return _facetOf[selector]; }
    fallback() external payable {
        address facet = _facetOf[msg.sig];
        require(facet != address(0), "no facet");
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), facet, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            switch ok case 0 { revert(0, returndatasize()) } default { return(0, returndatasize()) }
        }
    }
}

contract CounterFacet {
    uint256 private _count;
    function increment() external { _count += 1; }
    function count() external view returns (uint256) { return _count; }
}
